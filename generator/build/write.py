"""Stage 5, write: output files → a staging folder beside `output/` → moved into place at the end.

The previous site stays intact until the new one is complete: a failed or interrupted build never
leaves a half-written `output/`.

- A build from scratch writes the whole site into the staging folder.
- A build that changes part of an existing site writes only the files whose bytes changed there,
  then links every unchanged file of the current site into it (hard links: no bytes are copied).
- A partial build starts from the standby site when there is one: the site the build before it
  replaced, kept as `.output.standby` beside `output/`, with its files' digests in the build cache.
  It then writes, links or deletes only what differs from it, so a small edit touches few files.
- Either way the staging folder then holds the complete new site, and it is swapped with `output/`
  in one step (renameat2 RENAME_EXCHANGE where the system has it; elsewhere two renames, between
  which `output/` is briefly missing). At every instant `output/` is the complete old site or the
  complete new one, however the build ends.
- Power loss: before the swap the file system holding the staged site is flushed (syncfs), and after
  it the folder holding `output/` is fsynced, so a machine that loses power finds the old site or the
  new one complete. Left-over staging folders are removed by the next build.

Every path is checked to stay inside the output folder.
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

from generator.render.outputs import OutputFile

Output = tuple[str, str, bool]
"""(path, digest of the bytes, listed in the sitemap)"""


class UnsafePath(ValueError):
    pass


def safe_relative(path: str) -> PurePosixPath:
    """Refuse absolute paths, `..`, and anything else that could leave the output folder."""
    check_safe(path)
    return PurePosixPath(path)


def check_safe(path: str) -> list[str]:
    """The parts of a safe relative path; raise UnsafePath for anything that could leave the output folder."""
    parts = path.split("/")
    if not path or path.startswith("/") or "\\" in path or "\0" in path or "" in parts or ".." in parts:
        raise UnsafePath(f"refusing to write outside the output folder: {path!r}")
    return parts


def check_paths(paths: Iterable[str]) -> None:
    """Raise UnsafePath if two outputs want one path, or one wants as a file what another needs as a folder."""
    files: set[str] = set()
    folders: set[str] = set()
    for path in paths:
        parts = check_safe(path)
        if path in files:
            raise UnsafePath(f"two outputs want the same path: {path}")
        if path in folders:
            raise UnsafePath(f"an output wants {path} as a file, another one as a folder")
        parent = ""
        for part in parts[:-1]:
            parent = f"{parent}/{part}" if parent else part
            if parent in files:
                raise UnsafePath(f"an output wants {parent} as a file, {path} needs it as a folder")
            folders.add(parent)
        files.add(path)


def _digest_file(path: Path) -> str:
    h = hashlib.blake2b(digest_size=16)
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


class Staging:
    """The folder a build writes into, beside the output folder (same file system, so files move by rename).

    `previous` maps each file of the existing site to its digest; a file whose new bytes have the
    same digest is not written again (a build from scratch passes an empty map). Worker processes
    write into the same folder: each file is written by one of them."""

    def __init__(self, out_dir: Path, previous: dict[str, str], full: bool,
                 standby: tuple[tuple[int, int], dict[str, str]] | None = None, fresh: Iterable[str] = ()) -> None:
        self.out_dir = out_dir.resolve()
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        self.previous = previous
        self.full = full
        self.made: set[Path] = set()
        """Folders this process already created (each file's folder is made once, not once per file)."""
        self.base: dict[str, str] | None = None
        """The files (and digests) the staging folder starts with: the standby site, else none."""
        self.left: tuple[int, int] | None = None
        """After commit: the identity of the standby folder the replaced site became (None: removed)."""
        spare = standby_path(self.out_dir)
        if not full and standby is not None and _identity(spare) == standby[0]:
            self.folder = self.out_dir.with_name(f".{self.out_dir.name}.new-{os.urandom(6).hex()}")
            os.rename(spare, self.folder)  # killed from here on, it is a stale staging folder like any other
            self.base = standby[1]
            for name in fresh:  # folders made again from scratch or carried whole (the search index)
                shutil.rmtree(self.folder / safe_relative(name), ignore_errors=True)
        else:
            self.folder = Path(tempfile.mkdtemp(prefix=f".{self.out_dir.name}.new-", dir=self.out_dir.parent))

    def put(self, f: OutputFile) -> tuple[Output, bool]:
        """Write one file if its bytes changed; returns its (path, digest, sitemap) and whether it was written."""
        rel = safe_relative(f.path)
        if f.source is not None:
            sign = "s" + (f.digest or _digest_file(f.source))
        else:
            sign = hashlib.blake2b(f.data, digest_size=16).hexdigest()
        out = (f.path, sign, f.sitemap)
        if not self.full and self.previous.get(f.path) == sign:
            return out, False
        target = self.folder / rel
        if target.parent not in self.made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self.made.add(target.parent)
        if self.base is not None:
            _unlink(target)  # a file of the standby site may be a link to the current site's: never write into it
        if f.source is not None:
            shutil.copyfile(f.source, target)
        else:
            with open(target, "wb") as fh:
                fh.write(f.data)
        return out, True

    def discard(self) -> None:
        """Drop what was staged."""
        shutil.rmtree(self.folder, ignore_errors=True)

    def commit(self, files: dict[str, str], keep: Iterable[str] = (),
               finish: Callable[[Path], None] | None = None) -> None:
        """Complete the staged site and swap it with the output folder in one step.

        `files` are the paths of the new site with their digests: each one this build did not write is
        unchanged, and is linked (or, where links are not possible, copied) from the current output
        folder, unless the standby site already has it; files of the standby site the new one does not
        have are deleted. The files under the folders of `keep` (the search index, when it is not made
        again) are linked too. `finish(folder)` then runs on the complete new site (e.g. the search
        index over the written pages). The replaced site becomes the standby site of the next build. If
        anything raises, the output folder is as it was and the exception propagates."""
        try:
            if not self.full:
                base = self.base or {}
                for path, sign in files.items():
                    if self.previous.get(path) == sign and base.get(path) != sign:
                        check_safe(path)
                        self._carry(path, replace=self.base is not None)
                for path in base:
                    if path not in files:
                        rel = safe_relative(path)
                        _unlink(self.folder / rel)
                        _prune(self.folder, rel)
                for folder in keep:
                    for name in _files_under(self.out_dir, safe_relative(folder).as_posix()):
                        self._carry(name)
            if finish is not None:
                finish(self.folder)
            os.chmod(self.folder, 0o755)
            _sync(self.folder)
            old = swap_into_place(self.folder, self.out_dir, keep_old=not self.full)  # a full build knows not what it replaced
        except BaseException:
            self.discard()
            raise
        _sync_folder(self.out_dir.parent)
        self.left = self._keep_standby(old)

    def _keep_standby(self, old: Path | None) -> tuple[int, int] | None:
        """The replaced site, kept beside the output folder for the next build to start from (it then
        writes only what changed since it), or removed when there is none to keep."""
        if old is None:
            return None
        spare = standby_path(self.out_dir)
        try:
            if os.path.lexists(spare):
                _remove_later(spare)
            os.rename(old, spare)
        except OSError:
            _remove_later(old)
            return None
        return _identity(spare)

    def _carry(self, rel: str, replace: bool = False) -> None:
        """An unchanged file of the current site (`rel`, checked) into the staged one (`replace`: over what
        is there): one link call, the folder made or what is in the way removed only when it fails so."""
        target = f"{self.folder}/{rel}"
        source = f"{self.out_dir}/{rel}"
        for _ in range(3):
            try:
                os.link(source, target, follow_symlinks=False)
                return
            except FileExistsError:
                if not replace:
                    return
                _unlink(Path(target))
            except FileNotFoundError:
                if not os.path.lexists(source):
                    raise
                os.makedirs(os.path.dirname(target), exist_ok=True)
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP):
                    raise
                _unlink(Path(target))
                os.makedirs(os.path.dirname(target), exist_ok=True)
                shutil.copyfile(source, target)
                return
        os.link(source, target, follow_symlinks=False)  # still in the way: say so


def _files_under(root: Path, folder: str) -> list[str]:
    """The files under `root`/`folder`, as paths relative to `root` ([] when there is no such folder)."""
    return [f"{os.path.relpath(here, root)}/{name}" for here, _, names in os.walk(f"{root}/{folder}") for name in names]


def _sync(folder: Path) -> None:
    """Flush the file system that holds `folder` to the disk (Linux syncfs), so that after a power loss
    the swapped-in site is complete: its files reach the disk before the rename that publishes them."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.syncfs(fd) != 0:
            os.sync()
    except (OSError, AttributeError):
        os.sync()
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (fsync of the folder itself)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _journal_path(out_dir: Path) -> Path:
    return out_dir.parent / f".{out_dir.name}.journal"


def replay(out_dir: Path) -> bool:
    """Finish the moves of a journal left by a build (this one, or one killed while moving files).

    Every step can be repeated: a file already moved is skipped, a file already deleted is too."""
    out_dir = out_dir.resolve()
    journal = _journal_path(out_dir)
    try:
        lines = journal.read_text("utf-8").splitlines()
    except FileNotFoundError:
        return False
    if not lines or not lines[0].startswith("folder\t"):
        journal.unlink()
        return False
    folder = out_dir.parent / lines[0].split("\t", 1)[1]
    for line in lines[1:]:
        op, _, path = line.partition("\t")
        rel = safe_relative(path)
        if op == "put":
            source = folder / rel
            if source.exists():
                target = out_dir / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, target)
        elif op == "del":
            (out_dir / rel).unlink(missing_ok=True)
            _prune(out_dir, rel)
    shutil.rmtree(folder, ignore_errors=True)
    journal.unlink()
    return True


def _prune(out_dir: Path, rel: PurePosixPath) -> None:
    """Remove the folders a deleted file leaves empty."""
    for parent in rel.parents:
        if parent == PurePosixPath("."):
            return
        try:
            (out_dir / parent).rmdir()
        except OSError:
            return


def swap_into_place(new: Path, target: Path, keep_old: bool = False) -> Path | None:
    """Replace `target` with `new` atomically where the system allows it (renameat2 RENAME_EXCHANGE).
    The replaced folder is removed, or with `keep_old` left where this returns (None: there was none)."""
    if target.exists() and _exchange(new, target):
        old: Path | None = new  # `new` now holds the old site
    else:
        old = None
        if target.exists():
            old = target.with_name(f".{target.name}.old-{os.getpid()}")
            os.rename(target, old)
        os.rename(new, target)
    if old is not None and not keep_old:
        _remove_later(old)
        return None
    return old


def standby_path(out_dir: Path) -> Path:
    """Where the site a build replaced waits for the next build: `.output.standby` beside `output/`."""
    return out_dir.with_name(f".{out_dir.name}.standby")


def _identity(folder: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(folder, follow_symlinks=False)
    except OSError:
        return None
    return (st.st_dev, st.st_ino) if stat.S_ISDIR(st.st_mode) else None


def _unlink(path: Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except IsADirectoryError:
        shutil.rmtree(path)


def _remove_later(folder: Path) -> None:
    """Delete a replaced site. It is renamed to a `.old-` name first, so an interrupted delete is finished
    by the next build (clean_stale)."""
    old = folder.with_name(folder.name.replace(".new-", ".old-", 1)) if ".new-" in folder.name else folder
    if old != folder:
        os.rename(folder, old)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    rc = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return bool(rc == 0)


def clean_stale(out_dir: Path) -> None:
    """Remove what an interrupted build left: its temporary folders (and finish the moves of a journal
    left by an earlier version of Gongshi). Call it only while holding the output folder's lock (lock.py):
    then no live build owns any of these folders."""
    parent = out_dir.resolve().parent
    if not parent.is_dir():
        return
    replay(out_dir)
    for stale in parent.glob(f".{out_dir.name}.new-*"):
        shutil.rmtree(stale, ignore_errors=True)
    for stale in parent.glob(f".{out_dir.name}.old-*"):
        shutil.rmtree(stale, ignore_errors=True)
    for stale in parent.glob(f".{out_dir.name}.search-*"):
        shutil.rmtree(stale, ignore_errors=True)


def same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def link_tree(source: Path, target: Path) -> None:
    """Every file under `source` linked (copied where links are not possible) into `target`. The files
    are replaced, never written into, by whoever changes them later (the current site keeps its bytes)."""
    for here, _, names in os.walk(source):
        dest = os.path.join(target, os.path.relpath(here, source))
        os.makedirs(dest, exist_ok=True)
        for name in names:
            link_file(Path(here, name), Path(dest, name))


def link_file(source: Path, target: Path) -> None:
    """One file linked (copied where links are not possible)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
