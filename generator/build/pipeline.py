"""The build recipe: load → validate → assemble → render → write. Each step is one call.

    1. heads     every new or changed content file: front matter validated, a Record   (heads.py, process.py)
    2. assemble  the records → the Site: order, states, groups, neighbours             (site.py)
    3. notices   every notice whose files show something that changed: body and files  (process.py)
    4. site      listing pages, feeds, open data, assets… whose keys changed           (outputs/, plan.py)
    5. write     staged files moved into output/, then the search index                (write.py, search.py)

Steps 1, 3 and 4 run on every core. What the last build did is in the build cache (cache.py), so a
build after a small edit reads one file and renders a few pages; without a cache (or with a cache
for other settings) everything is done, and the output is the same byte for byte.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from generator import paths
from generator.assemble.site import Site, assemble
from generator.build import inputs, lock, pool, publish, quick, search
from generator.build.cache import Cache, digest, fingerprint, key_sign, tree_fingerprint
from generator.build.heads import read_heads, warning_rows
from generator.build.inputs import SITE_FILE, Options, resolve_now, theme_folders, workbench
from generator.build.plan import notice_keys, site_jobs
from generator.build.process import Rendered, Workbench, load_notice, template_error
from generator.build.quick import CACHE_DIR, parse_now  # noqa: F401 (parse_now: re-exported for callers of build())
from generator.build.write import Output, Staging, UnsafePath, check_paths, clean_stale
from generator.errors import ContentError, Diagnostic, Location, has_errors
from generator.notice.model import Notice, Record
from generator.render.outputs import Job, RenderContext, compile_templates, feeds, redirects, sitemap
from generator.render.outputs import data as data_notices
from generator.source.load import display_path


@dataclass
class Result:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    notices: int = 0
    files: int = 0
    """Files of the built site."""
    written: bool = False
    changed: int = 0
    """Files written or deleted by this build (all of them, for a build from scratch)."""
    rendered: int = 0
    """Notices whose files were rendered."""
    search_seconds: float = 0.0
    cache: Cache | None = None
    """The build cache as this build left it (see Options.kept)."""
    notes: list[str] = field(default_factory=list)
    """Things the user should know that are not about the content (a damaged build cache that was ignored)."""

    def failed(self, strict: bool = False) -> bool:
        return has_errors(self.diagnostics, strict)


def build(opts: Options, write: bool = True) -> Result:
    """Build the site; write it only when the content is free of errors (`write=False`: only check it)."""
    result = Result()
    cache_dir = opts.cache_dir or opts.content_dir.parent / CACHE_DIR
    conflict = paths.output_conflict(opts.output_dir, opts.content_dir, cache_dir) if write else ""
    if conflict:
        result.diagnostics.append(Diagnostic(Location(display_path(opts.output_dir)), conflict,
                                             "choose another --output, e.g. the default `output`"))
        return result
    if not write:
        return _build(opts, result, cache_dir, write)
    folders = [opts.output_dir, cache_dir] if opts.cache else [opts.output_dir]
    try:
        with lock.hold(folders, opts.wait, opts.waiting):
            return _build(opts, result, cache_dir, write)
    except lock.Busy as exc:
        holder = f" (process {exc.holder})" if exc.holder else ""
        result.diagnostics.append(Diagnostic(
            Location(display_path(exc.folder)), f"another build is writing this folder{holder}",
            "wait for it to finish, or run the build again without --no-wait"))
        return result


def _build(opts: Options, result: Result, cache_dir: Path, write: bool) -> Result:
    """The build, once it holds the locks of the folders it writes."""
    bench = workbench(opts, result.diagnostics)
    if bench is None:
        return result
    if write:
        clean_stale(opts.output_dir)
    if opts.kept is not None and opts.cache and write and opts.kept.still_valid(bench.settings, opts.output_dir):
        cache = opts.kept
    else:
        cache = Cache.open(cache_dir if opts.cache and write else None, bench.settings, opts.output_dir)
    result.cache = cache
    if cache.problem:
        result.notes.append(cache.problem)
    run = _Run(bench, cache, opts, result)
    records, store = run.heads()
    records = {slug: r for slug, r in records.items() if opts.drafts or not r.draft}
    result.notices = len(records)
    config = bench.config
    if config.search and not (opts.search and records):
        config = dataclasses.replace(config, search=False)  # nothing to search, or turned off for this build
        run.bench = bench = dataclasses.replace(bench, config=config)
    if opts.preview:
        config = dataclasses.replace(config, preview=True)
        run.bench = bench = dataclasses.replace(bench, config=config)
    site = assemble(config, resolve_now(opts.now, config.tz), records.values(), run.notice)
    run.env = fingerprint(bench.settings, tree_fingerprint(theme_folders(bench)), opts.drafts, config.search,
                          config.preview)
    if not write or result.failed(opts.strict):
        run.notices(site, store, None)  # the bodies that changed are read, so one run reports every error
        return result
    standby = (cache.standby, cache.standby_files) if cache.warm and cache.standby is not None else None
    staging = Staging(opts.output_dir, cache.previous_files(), full=not cache.warm, standby=standby)
    try:
        site = run.notices(site, store, staging)  # type: ignore[assignment]
        if site is not None and run.site_files(site, staging):
            run.write(site, staging)
    finally:
        if not result.written:
            staging.discard()
    return result


@dataclass
class _Run:
    """One build's steps and the state they pass on."""

    bench: Workbench
    cache: Cache
    opts: Options
    result: Result
    env: str = ""
    """Fingerprint of everything every output depends on (see plan.py)."""
    rel_of: dict[str, str] = field(default_factory=dict)
    """Each notice's file, relative to the content folder."""
    keys: dict[str, str] = field(default_factory=dict)
    """This build's key of each notice's files."""
    outputs: dict[str, tuple[Output, ...]] = field(default_factory=dict)
    """Files of each unit of this build ("notice:<slug>" or a job's name), rendered or cached."""
    bodies: dict[str, str] = field(default_factory=dict)
    store: dict[str, str] = field(default_factory=dict)
    job_keys: dict[str, str] = field(default_factory=dict)
    newest: list[str] = field(default_factory=list)
    """The notices the feeds show."""
    rendered: list[Rendered] = field(default_factory=list)
    fragment_signs: dict[str, str] = field(default_factory=dict)
    """A digest of each notice's entry of data/notices.json (kept while the notice's key is unchanged)."""
    _fragments: dict[str, bytes] | None = None
    stats: dict[str, tuple[int, int]] = field(default_factory=dict)
    """(size, mtime) of each notice file as this build found it, by path."""
    body_warnings: dict[str, list[Diagnostic]] = field(default_factory=dict)
    """The warnings about the body of each unchanged notice, as the cache kept them: reported unless the
    notice is rendered again (which reports them anew)."""
    heads_read: bool = False
    """Whether any content file was read again this build (else the cached notices stand as they were)."""

    def failed(self) -> bool:
        return self.result.failed(self.opts.strict)

    def notice(self, slug: str) -> Notice:
        """A notice without its text, from the store. One the cache holds in a shape that does not decode
        (a cache written by hand: its checksum matched) is read again from its file, as a build without
        the cache reads it."""
        try:
            return load_notice(self.store[slug])
        except ValueError:
            head = self.bench.head(self.rel_of[slug])
            return load_notice(head.notice)

    # ------------------------------------------------------------------ 1. heads

    def heads(self) -> tuple[dict[str, Record], dict[str, str]]:
        """The record of every notice file (drafts included), read again only if it changed since the cached
        build, and every notice without its text (JSON text, see codec.py), by slug (heads.py)."""
        found = read_heads(self.bench, self.cache, self.opts, self.result.diagnostics)
        self.rel_of, self.store, self.stats = found.rel_of, found.store, found.stats
        self.body_warnings, self.heads_read = found.body_warnings, found.read
        return found.records, found.store

    # ------------------------------------------------------------------ 3. notices

    def notices(self, site: Site, store: dict[str, str], staging: Staging | None) -> Site | None:
        """Render the files of every notice whose key changed (a check reads every body, renders nothing).
        Returns the site with what the bodies told, or None when they had errors."""
        cache = self.cache
        self.keys = {slug: key_sign(key) for slug, key in notice_keys(site, self.env).items()}
        # A build that failed before this step reads only the bodies it would render: the others are as the
        # cached build saw them, when they gave no error (their warnings are kept). A check has no cache, so
        # it reads every body, and one run reports every error.
        dirty = [slug for slug in site.records if cache.keys.get("notice:" + slug) != self.keys[slug]]
        self.newest = feeds.newest(site)
        feed = set(self.newest)
        bench, rel_of = self.bench, self.rel_of

        def render(slug: str) -> Rendered:
            return bench.render(site, rel_of[slug], self.notice(slug), staging, slug in feed)

        _tell(self.opts, "notices", 0, len(dirty))
        if staging is not None and len(dirty) >= pool.MIN_ITEMS:
            try:
                compile_templates(bench.env)  # once here, not once in every worker
            except jinja2.TemplateError as exc:
                self.result.diagnostics.append(template_error(exc))
                return None
        rendered = pool.fork_map(render, dirty)
        self.result.rendered = len(rendered)
        again = set(dirty)  # their body's warnings come with the rendering; the others' from the cache
        for slug, warnings in self.body_warnings.items():
            if slug not in again and slug in site.records:
                self.result.diagnostics.extend(warnings)
        for r in rendered:
            self.result.diagnostics.extend(r.diagnostics)
            source = cache.sources[rel_of[r.slug]]
            head_warnings = tuple(w for w in source.warnings if w[3] != "body")
            cache.sources[rel_of[r.slug]] = dataclasses.replace(source, warnings=head_warnings + warning_rows(r.diagnostics))
        if self.failed():
            return None
        records = dict(site.records)
        records.update((r.slug, r.record) for r in rendered)
        self.outputs = {"notice:" + slug: cache.outputs.get("notice:" + slug, ()) for slug in site.records}
        self.outputs.update(("notice:" + r.slug, r.outputs) for r in rendered)
        self.rendered = rendered
        kept = {slug for slug in records if cache.keys.get("notice:" + slug) == self.keys[slug]}
        self.fragment_signs = {slug: sign for slug, sign in cache.fragment_signs.items() if slug in kept}
        self.fragment_signs.update((r.slug, digest(r.fragment)) for r in rendered)
        self.bodies = {slug: html for slug, (key, html) in cache.bodies.items()
                       if slug in records and records[slug].key == key}
        self.bodies.update((r.slug, r.body) for r in rendered if r.body is not None)
        return dataclasses.replace(site, records=records, _memo={})

    # ------------------------------------------------------------------ 4. the site's other files

    def body_of(self, slug: str) -> str:
        """A notice's rendered text (the feeds show the newest ones), rendered again only if not kept."""
        if slug not in self.bodies:
            self.bodies[slug] = self.bench.body(self.rel_of[slug], self.notice(slug))[1]
        return self.bodies[slug]

    def fragments(self) -> dict[str, bytes]:
        """Every notice's entry of data/notices.json: the new ones, the cached ones for the rest."""
        if self._fragments is None:
            cached = self.cache.fragments()
            self._fragments = {slug: cached[slug].encode("utf-8") for slug in self.fragment_signs if slug in cached}
            self._fragments.update((r.slug, r.fragment) for r in self.rendered)
        return self._fragments

    def site_files(self, site: Site, staging: Staging) -> bool:
        """Render the jobs whose key changed. Returns False when that failed (a template error, a collision)."""
        ctx = self.bench.context(site)
        for slug in self.newest:
            self.body_of(slug)  # before forking, so every worker and the next build have them
        faces = {slug: self.cache.sources[rel].face for slug, rel in self.rel_of.items()}
        jobs = site_jobs(ctx, self.env, self.fragment_signs, lambda slug: self.fragments()[slug], self.body_of,
                         self.newest, faces)
        signs = {j.name: key_sign(j.key) for j in jobs}
        todo = [j for j in jobs if self.cache.keys.get(j.name) != signs[j.name]]
        if any(j.name == data_notices.NOTICES for j in todo):
            self.fragments()  # read before forking, so the worker that renders the index has them
        self.job_keys = signs
        for job in jobs:
            self.outputs[job.name] = self.cache.outputs.get(job.name, ())
        _tell(self.opts, "pages", 0, len(todo))
        bench = self.bench
        for job, (outputs, diags) in zip(todo, pool.fork_map(lambda j: _run_job(j, staging, bench), todo), strict=True):
            self.outputs[job.name] = outputs
            self.result.diagnostics.extend(diags)
        return self._check_and_map(site, ctx, staging)

    def _check_and_map(self, site: Site, ctx: RenderContext, staging: Staging) -> bool:
        """Paths that collide (aliases over generated pages, a file where a folder must be) are errors; the
        sitemap lists what the others made. Both are done again only when the site's set of files changed."""
        self.outputs.pop("sitemap", None)
        paths = [o[0] for outs in self.outputs.values() for o in outs]
        previous = [o[0] for name, outs in self.cache.outputs.items() if name != "sitemap" for o in outs]
        same = self.cache.warm and paths == previous
        if not same:
            self.result.diagnostics += redirects.collisions(site, paths)
            if self.failed():
                return False
            try:
                check_paths(paths)
            except UnsafePath as exc:
                self.result.diagnostics.append(Diagnostic(Location(display_path(self.opts.content_dir)), str(exc),
                                                          "check slugs, aliases and attachment paths"))
                return False
        pages = [o[0] for outs in self.outputs.values() for o in outs if o[2]]
        key = fingerprint(pages, [site.records[s].last_changed for s in sorted(site.records)], self.env)
        if self.cache.keys.get("sitemap") == key:
            self.outputs["sitemap"] = self.cache.outputs.get("sitemap", ())
        else:
            self.outputs["sitemap"] = tuple(staging.put(f)[0] for f in sitemap.render(ctx, pages))
        self.job_keys["sitemap"] = key
        return True

    # ------------------------------------------------------------------ 5. write

    def write(self, site: Site, staging: Staging) -> None:
        now_files = {path: sign for outs in self.outputs.values() for path, sign, _ in outs}
        previous = self.cache.previous_files()
        removed = [p for p in previous if p not in now_files]  # counted as changed
        result = self.result
        result.files = len(now_files)
        result.changed = len(now_files) if staging.full else (
            sum(1 for p, d in now_files.items() if previous.get(p) != d) + len(removed))
        pages = fingerprint(sorted((p, d) for p, d in now_files.items() if p.endswith(".html"))) if (
            site.config.search) else ""
        try:
            self._commit(site, staging, pages, now_files)
        except search.SearchError as exc:
            result.diagnostics.append(exc.diagnostic)
            return
        result.written = True
        self.cache.standby = staging.left
        self.cache.standby_files = self.cache.previous_files() if staging.left is not None else {}
        if site.config.search and self.opts.index:
            self._save(site, pages)  # the index is of these pages
        else:
            self._save(site, "" if staging.full or not site.config.search else self.cache.search)
        self._leave_note(site)

    def _leave_note(self, site: Site) -> None:
        """After a build that said nothing and left nothing for later: the note of quick.py."""
        cache, opts = self.cache, self.opts
        if cache.folder is None or self.result.diagnostics or not opts.index:
            return
        identity = quick.identity(opts.output_dir)
        if identity is None:
            return
        folders = tuple(str(f) for f in (opts.content_dir, *theme_folders(self.bench), Path(__file__).parents[1],
                                         inputs.calendar_folder()))
        boundaries = [b for r in site.records.values() if r.period for b in r.period[:2]]
        quick.write(cache.folder, quick.Note(
            quick.options_of(opts.content_dir, opts.output_dir, opts.drafts, opts.search, opts.strict, opts.preview),
            site.config.timezone, quick.span(site.now, site.config.tz, boundaries), identity, folders,
            quick.snapshot(folders, self.stats), (self.result.files, self.result.notices)))

    def _commit(self, site: Site, staging: Staging, pages: str, now_files: dict[str, str]) -> None:
        """Swap the new site in, with a search index over its pages when the site has one (publish.py)."""
        config, opts = site.config, self.opts
        bundle = staging.out_dir / search.BUNDLE
        stale = config.search and opts.index and (staging.full or self.cache.search != pages or not bundle.is_dir())
        shards = search.plan(search.notice_pages(self.outputs), config.url_style == "file") if stale else None
        where = Location(display_path(opts.content_dir / SITE_FILE))
        kept = self.cache.folder / search.KEPT if self.cache.folder is not None else None
        self.result.search_seconds = publish.commit(staging, now_files, shards, config.search and not staging.full,
                                                    where, lambda: _tell(opts, "search", 0, 1), kept)

    def _save(self, site: Site, pages: str) -> None:
        cache = self.cache
        if cache.folder is None:
            return
        old_records = cache.records
        cache.records = dict(site.records)
        cache.records.update((slug, r) for slug, r in old_records.items() if slug in self.store and slug not in site.records)
        cache.keys = {"notice:" + slug: key for slug, key in self.keys.items()} | self.job_keys
        cache.outputs = self.outputs
        fragments_changed = self._fragments is not None or cache.fragment_signs != self.fragment_signs
        fragments = {slug: f.decode("utf-8") for slug, f in self.fragments().items()} if fragments_changed else None
        cache.fragment_signs = self.fragment_signs
        feed = set(self.newest)
        cache.bodies = {slug: (site.records[slug].key, html) for slug, html in self.bodies.items() if slug in feed}
        cache.search = pages
        store_changed = not cache.warm or self.heads_read or set(self.store) != set(cache.notices())
        cache.save(self.opts.output_dir, self.store if store_changed else None, fragments)


def _run_job(job: Job, staging: Staging, bench: Workbench) -> tuple[tuple[Output, ...], list[Diagnostic]]:
    try:
        return tuple(staging.put(f)[0] for f in job.render()), []
    except jinja2.TemplateError as exc:
        return (), [template_error(exc)]
    except ContentError as exc:  # the theme's interface strings
        return (), [bench.theme_error(exc)]


def _tell(opts: Options, step: str, done: int, total: int) -> None:
    if opts.progress is not None:
        opts.progress(step, done, total)
