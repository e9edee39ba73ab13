"""The shape of `site.yaml` and of a notice's front matter, declared once.

The same declarations check raw YAML data here (type errors, unknown fields with "did you mean",
missing required fields, each at its line) and become the JSON Schemas for editors' IDEs, shipped as
generator/schemas/*.json (json_schema.py); `python -m generator.source.schema` regenerates those files
(or writes them to another folder, e.g. a site's schemas/).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import sys
from dataclasses import dataclass, field
from typing import Any

from generator.errors import Diagnostic
from generator.notice.kinds import KINDS
from generator.notice.periods import impossible_date, parse_date
from generator.source.load import RawDocument

CONTACT_KINDS = ("phone", "email", "post", "web", "in-person")
AFTER_CLOSE = ("keep", "archive", "hide")
LANGUAGES = ("zh-CN", "en")
"""Interface languages the built-in themes have strings for."""
REVISION_KINDS = ("correction", "extension", "withdrawal", "supplement")
SLUG_RE = r"^[a-z0-9][a-z0-9-]{0,99}$"
"""Checked with re.fullmatch (a slug ending in a newline is not a slug)."""
RESERVED_NAMES = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                            *(f"lpt{i}" for i in range(1, 10))})
"""Names Windows reserves for devices: a folder of the site named so cannot be checked out there."""
THEME_RE = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$"
"""A folder name of themes/: no slashes, and no leading dot (so never `..`)."""
ACTIVE_TYPES = ("html", "htm", "xhtml", "xht", "shtml", "mhtml", "mht", "svg", "svgz", "js", "mjs", "xml", "xsl",
                "xslt", "php", "hta", "swf", "wasm")
"""File types a browser would run as part of the site (with its scripts, on its address): never attachments."""
ATTACHMENT_TYPE_RE = r"^\.?(?!(?:" + "|".join("".join(f"[{c}{c.upper()}]" if c.isalpha() else c for c in t)
                                              for t in ACTIVE_TYPES) + r")$)[A-Za-z0-9]{1,10}$"


@dataclass(frozen=True)
class Spec:
    """One field: its type, whether it is required, and what it means (shown in IDE tooltips)."""

    type: str  # string | date | moment | integer | boolean | enum | list | object
    doc: str = ""
    required: bool = False
    choices: tuple[str, ...] = ()
    items: Spec | None = None
    fields: dict[str, Spec] = field(default_factory=dict)
    pattern: str = ""
    example: Any = None


def S(doc: str = "", **kw: Any) -> Spec:
    return Spec("string", doc, **kw)


HOURS = S("Office hours as written, e.g. 工作日 8:30-12:00、14:30-17:30", example="工作日8:30-17:00")
CONTACT = Spec("object", "A way to reach the issuer.", fields={
    "kind": Spec("enum", "phone, email, post (postal address), web (a reporting platform), in-person", required=True,
                 choices=CONTACT_KINDS),
    "value": S("The number, address, URL or place.", required=True, example="0415-5138995"),
    "label": S("What this channel is, if not obvious, e.g. 监督电话."),
    "hours": HOURS,
    "note": S("What the channel accepts, e.g. 仅受理与本通报有关的意见."),
    "postcode": S("Postal code (post only), six digits.", pattern=r"^\d{6}$"),
    "until": Spec("date", "The last day the channel is in use (an inspection team's hotline stops when the team "
                  "leaves). After it the page shows it as 已停止使用 and points to the site's own channels.",
                  example="2026-12-31"),
})
CONTACTS = Spec("list", "Contact channels, in the order readers should see them.", items=CONTACT)
VALIDITY_STATES = ("有效", "失效", "废止")
DISCLOSURE_SCOPES = ("主动公开", "依申请公开")
DISCLOSURE_FIELDS = {
    "index_number": S("索引号: the number the disclosure catalogue files the notice under, in the form the site's "
                      "`index_number` rule gives (organisation code, year, serial).",
                      example="11210624MB1957093X/2026-00012"),
    "document_number": S("发文字号 (文号) as printed on the document: the issuer's short name, the year in 〔〕 and "
                         "the serial number followed by 号.", example="示例组通字〔2026〕26号"),
    "topic": S("主题分类: one of the topics the site lists under `topics:` in site.yaml.", example="组织人事"),
    "written": Spec("date", "成文日期: the date the document was signed, if not the issue date.", example="2026-11-18"),
    "publisher": S("发布机构: the body that publishes the notice on the site. Default: the issuer.",
                   example="中共示例县委组织部"),
    "validity": Spec("object", "有效性: whether the document is still in force.", fields={
        "status": Spec("enum", "有效 (in force), 失效 (expired) or 废止 (repealed).", required=True,
                       choices=VALIDITY_STATES, example="有效"),
        "date": Spec("date", "For 失效 or 废止: the day it stopped being in force (required then); for 有效: the "
                     "day it stays in force until, if known.", example="2027-12-31"),
    }),
    "disclosure_scope": Spec("enum", "公开方式: 主动公开 (published on the public's behalf) or 依申请公开 "
                             "(published on request).", choices=DISCLOSURE_SCOPES, example="主动公开"),
}
"""The fields of a government disclosure page (政务公开): the catalogue's 索引号, the 文号 and the rest."""
MOMENT = Spec("moment", "A date (2025-07-21) or a date and time (2025-07-21 09:00) in the site's time zone.")

NOTICE = Spec("object", "A notice's front matter.", fields={
    "title": S("The notice's title.", required=True, example="关于市委巡察整改落实进展情况的通报"),
    "issuer": S("The issuing body.", required=True, example="中共辽宁宽甸经济开发区工作委员会"),
    "kind": Spec("enum", "What kind of notice this is.", required=True, choices=KINDS),
    "issued": Spec("date", "The issue date.", required=True, example="2025-07-21"),
    "updated": Spec("date", "The date of the last change, if any (revisions set it too)."),
    "slug": S("The address of the notice: lowercase letters, digits and hyphens. Default: the file name.",
              pattern=SLUG_RE),
    "lang": Spec("enum", "Language of this notice if not the site's, e.g. en.", choices=LANGUAGES),
    "summary": S("One or two sentences for listings, feeds and search results."),
    "draft": Spec("boolean", "Drafts are left out of the site unless built with --drafts."),
    "tags": Spec("list", "Topics, e.g. 巡察整改.", items=S()),
    "disclosure": Spec("object", "The disclosure period (公示期 / 公开期限).", fields={
        "start": Spec("moment", MOMENT.doc + " The first day of the period.", required=True),
        "end": Spec("moment", MOMENT.doc + " A date means the end of that day."),
        "working_days": Spec("integer", "Instead of end: the period lasts this many official working days "
                             "(holidays off, make-up working days on). The start day counts as the first when it "
                             "is a working day (5 from Thursday 2025-06-12 end on Wednesday 2025-06-18); otherwise "
                             "counting starts on the next working day. The period ends at the end of the last one."),
        "after_close": Spec("enum", "After the period: keep listed as closed, list in the archive only, or hide "
                            "from listings (the page stays reachable). Default: the site's setting.",
                            choices=AFTER_CLOSE),
    }),
    "contacts": CONTACTS,
    "site_contacts": Spec("boolean", "Also show the site's default contact channels. Default: only when the "
                          "notice has none of its own."),
    "signature": Spec("object", "The signature block (落款).", fields={
        "by": S("The signing body.", required=True),
        "date": Spec("date", "The date under the signature. Default: the issue date."),
    }),
    "progress_updates": Spec("list", "A dated history of progress updates.", items=Spec("object", fields={
        "date": Spec("date", required=True),
        "note": S("What changed.", required=True),
    })),
    "attachments": Spec("list", "Files published with the notice (附件).", items=Spec("object", fields={
        "file": S("Path of the file, relative to the notice's folder.", required=True),
        "title": S("The title readers see.", required=True),
        "description": S(),
    })),
    "revisions": Spec("list", "Dated changes after publication.", items=Spec("object", fields={
        "date": Spec("date", required=True),
        "kind": Spec("enum", "correction (更正), extension (延期), withdrawal (撤销) or supplement (补充)",
                     required=True, choices=REVISION_KINDS),
        "note": S("What changed and why, in words.", required=True),
        "end": Spec("moment", "For an extension: the new end of the period, later than the end it replaces; for "
                    "a correction: the corrected end (earlier or later). Revisions apply in date order, each from "
                    "its date."),
    })),
    "related": Spec("list", "Slugs of related notices (e.g. the inspection announcement this report answers).",
                    items=S()),
    "aliases": Spec("list", "Old addresses of this notice that must keep working, e.g. /old/path.html.", items=S()),
    **DISCLOSURE_FIELDS,
})

INDEX_FORMAT_EXAMPLE = "{organisation}/{year}-{serial}"
SITE_DISCLOSURE_FIELDS = {
    "topics": Spec("list", "主题分类: the topics a notice's `topic:` may name, as the site's disclosure catalogue "
                   "lists them.", items=S("A topic, e.g. 组织人事."), example=["组织人事", "城乡建设"]),
    "index_number": Spec("object", "The 索引号 rule of the site's disclosure catalogue (编制规则): the organisation "
                         "code, the year and a serial number. Notices' `index_number:` are checked against it and "
                         "`gongshi new` proposes the next free number.", fields={
        "organisation": S("The organisation code (统一社会信用代码 or 组织机构代码) that begins each number.",
                          required=True, pattern=r"^[0-9A-Z]{6,18}$", example="11210624MB1957093X"),
        "format": S("How a number is written: {organisation}, {year} (four digits) and {serial} in the order the "
                    "rule gives, with the separators between them. Default: " + INDEX_FORMAT_EXAMPLE + ".",
                    pattern=r"^(?=.*\{organisation\})(?=.*\{year\})(?=.*\{serial\}).*$", example=INDEX_FORMAT_EXAMPLE),
        "serial_digits": Spec("integer", "Digits of the serial number, with leading zeros. Default: 5.", example=5),
    }),
    "emblem": S("An image of the site's emblem (PNG or JPEG, a path inside the content folder) for share cards; "
                "without it a seal with the site's initials is drawn.", example="emblem.png"),
    "accessibility": Spec("object", "The accessibility statement (无障碍声明) page, linked from the footer.", fields={
        "checked": Spec("date", "The date the site was last checked against the standards.", required=True,
                        example="2026-11-20"),
        "standards": Spec("list", "The standards followed. Default: GB/T 37668-2019 and WCAG 2.1 AA.", items=S(),
                          example=["GB/T 37668-2019", "WCAG 2.1 AA"]),
        "contacts": Spec("list", "Where to report a barrier.", items=CONTACT),
        "response_days": Spec("integer", "Working days within which a report is answered.", example=5),
        "known_issues": Spec("list", "Parts known not to meet the standards yet, and why.", items=S(),
                             example=["2025 年以前的扫描件附件没有文字版。"]),
    }),
}
"""Site settings of a government disclosure site: the topic vocabulary, the 索引号 rule, the emblem and the
accessibility statement."""

PROGRESS_STATE = Spec("object", "A progress state items may carry as a marker such as 【已完成】.", fields={
    "label": S("The marker text, e.g. 已完成.", required=True),
    "key": S("A stable ASCII name used in data files and CSS, e.g. done.", required=True, pattern=r"^[a-z][a-z0-9-]*$"),
    "color": S("Badge colour (CSS colour).", pattern=r"^#[0-9a-fA-F]{6}$"),
    "done": Spec("boolean", "Whether items in this state count as done."),
})

SITE = Spec("object", "The site configuration (content/site.yaml).", fields={
    "title": S("The site's title.", required=True),
    "base_url": S("The public address of the site, e.g. https://example.org/notices/.", example="/"),
    "language": Spec("enum", "Interface language.", choices=LANGUAGES),
    "timezone": S("IANA time zone of dates in the content.", example="Asia/Shanghai"),
    "theme": S("Theme name, a folder of themes/.", example="default", pattern=THEME_RE),
    "description": S("One sentence describing the site."),
    "contacts": Spec("list", "Default contact channels for every notice.", items=CONTACT),
    "footer": Spec("object", "Fields a Chinese government site shows in its footer.", fields={
        "organisation": S("主办单位"),
        "site_code": S("网站标识码"),
        "icp": S("ICP备案号"),
        "police": S("公安机关备案号"),
        "police_code": S("公安机关备案号 number used in the beian.gov.cn link."),
    }),
    "after_close": Spec("enum", "What listings do with a notice once its period is over.", choices=AFTER_CLOSE),
    "per_page": Spec("integer", "Notices per index page."),
    "progress_states": Spec("list", "The vocabulary of item states.", items=PROGRESS_STATE),
    "allow_html": Spec("boolean", "Allow raw HTML in Markdown bodies (off by default: content is untrusted)."),
    "url_style": Spec("enum", "Links to pages as directories (notices/x/) or files (notices/x/index.html, "
                      "which also work when the site is opened from disk).", choices=("directory", "file")),
    "attachment_types": Spec("list", "File extensions allowed for attachments.", items=S(
        "A file extension such as pdf or xlsx; not a type a browser runs as part of the site ("
        + ", ".join(ACTIVE_TYPES[:4]) + ", svg, js, xml…).", pattern=ATTACHMENT_TYPE_RE)),
    "show_withdrawn_body": Spec("boolean", "Whether a withdrawn notice's text stays readable."),
    "search": Spec("boolean", "Build a full-text search of the notices (default: true)."),
    "area_code": S("The area code (区号) of the site's local phone numbers, in quotes, e.g. \"0415\": `gongshi "
                   "import` adds it to a landline a notice publishes without one.", pattern=r"^0\d{2,3}$",
                   example="0415"),
    "cms": Spec("object", "The browser editor in admin/ (written by `gongshi cms`; run it again after a change here).",
                fields={
        "backend": Spec("enum", "Where the content repository lives: github or gitlab.", choices=("github", "gitlab")),
        "repo": S("The repository, OWNER/NAME (GitLab: GROUP/PROJECT).", pattern=r"^[\w.-]+(/[\w.-]+)+$",
                  example="example-org/notices"),
        "branch": S("The branch the site is published from.", example="main"),
        "api_root": S("The API address of a self-managed GitLab or GitHub Enterprise, e.g. "
                      "https://gitlab.example.org/api/v4."),
        "app_id": S("GitLab: the Application ID of the OAuth application the editor signs in with."),
        "script": Spec("enum", "Where admin/ loads Decap CMS from: cdn (a pinned version from a public CDN, with a "
                       "Subresource Integrity hash) or self (a copy in admin/decap-cms/, for networks that block "
                       "the CDN).", choices=("cdn", "self")),
    }),
    **SITE_DISCLOSURE_FIELDS,
})


class Checker:
    """Checks raw YAML data against a Spec and collects diagnostics at each value's position."""

    def __init__(self, doc: RawDocument) -> None:
        self.doc = doc
        self.diagnostics: list[Diagnostic] = []

    def error(self, path: tuple[str | int, ...], message: str, hint: str = "", *, key: bool = False) -> None:
        loc = self.doc.key_loc(*path) if key else self.doc.loc(*path)
        self.diagnostics.append(Diagnostic(loc, message, hint, field=dotted(path)))

    def check(self, value: Any, spec: Spec, path: tuple[str | int, ...] = ()) -> Any:
        """Return the value (strings trimmed, dates parsed) or None when it does not fit the spec."""
        method = getattr(self, "_" + spec.type)
        return method(value, spec, path)

    def _object(self, value: Any, spec: Spec, path: tuple[str | int, ...]) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.error(path, f"expected fields (key: value), found {_describe(value)}",
                       f"indent the fields under `{path[-1]}:`" if path else "")
            return None
        out: dict[str, Any] = {}
        for key, item in value.items():
            name = str(key)
            sub = spec.fields.get(name)
            if sub is None:
                close = difflib.get_close_matches(name, list(spec.fields), n=1, cutoff=0.6)
                hint = f"did you mean `{close[0]}`?" if close else "known fields: " + ", ".join(spec.fields)
                self.error(path + (name,), f"unknown field `{name}`", hint, key=True)
                continue
            if item is None:
                continue
            checked = self.check(item, sub, path + (name,))
            if checked is not None:
                out[name] = checked
        for name, sub in spec.fields.items():
            if sub.required and value.get(name) is None:
                where = f" in `{dotted(path)}`" if path else ""
                example = f", e.g. {name}: {sub.example}" if sub.example is not None else ""
                self.error(path, f"missing required field `{name}`{where}", f"add `{name}:` ({sub.doc.rstrip('.')}){example}")
        return out

    def _list(self, value: Any, spec: Spec, path: tuple[str | int, ...]) -> list[Any] | None:
        if isinstance(value, (str, int)) and spec.items is not None and spec.items.type == "string":
            value = [value]  # `tags: 巡察` is a list of one
        if not isinstance(value, list):
            self.error(path, f"expected a list, found {_describe(value)}", "write one `- item` per line")
            return None
        assert spec.items is not None
        checked = [self.check(item, spec.items, path + (i,)) for i, item in enumerate(value)]
        return [c for c in checked if c is not None]

    def _string(self, value: Any, spec: Spec, path: tuple[str | int, ...]) -> str | None:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.error(path, f"expected text, found {_describe(value)}", "quote the value: \"…\"")
            return None
        text = str(value).strip()
        if spec.pattern and not re.fullmatch(spec.pattern, text):  # fullmatch: `$` alone lets a final newline through
            self.error(path, f"`{text}` does not have the expected form", spec.doc)
            return None
        return text

    def _enum(self, value: Any, spec: Spec, path: tuple[str | int, ...]) -> str | None:
        text = self._string(value, Spec("string"), path)
        if text is None:
            return None
        if text not in spec.choices:
            close = difflib.get_close_matches(text, spec.choices, n=1, cutoff=0.5)
            hint = f"did you mean `{close[0]}`? " if close else ""
            self.error(path, f"`{text}` is not one of the allowed values", hint + "allowed: " + ", ".join(spec.choices))
            return None
        return text

    def _date(self, value: Any, spec: Spec, path: tuple[str | int, ...]) -> dt.date | None:
        parsed = parse_date(value)
        if parsed is None:
            wrong = impossible_date(value)
            if wrong is not None:  # the form is right, the calendar has no such day (2025-02-30)
                self.error(path, wrong.message, wrong.hint)
            else:
                self.error(path, f"`{value}` is not a date", "write the date as 2025-07-21")
        return parsed

    def _moment(self, value: Any, spec: Spec, path: tuple[str | int, ...]) -> Any:
        if isinstance(value, (bool, list, dict)) or value == "":
            self.error(path, f"expected a date, found {_describe(value)}", "write 2025-07-21 or 2025-07-21 09:00")
            return None
        return value  # the period module parses and explains

    def _integer(self, value: Any, spec: Spec, path: tuple[str | int, ...]) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(path, f"expected a whole number, found {_describe(value)}", "write digits only, e.g. 5")
            return None
        if value < 1:
            self.error(path, f"expected a whole number of at least 1, found {_describe(value)}", "e.g. 5")
            return None
        return value

    def _boolean(self, value: Any, spec: Spec, path: tuple[str | int, ...]) -> bool | None:
        if not isinstance(value, bool):
            self.error(path, f"expected true or false, found {_describe(value)}", "write true or false, without quotes")
            return None
        return value


def dotted(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, dict):
        return "fields (key: value)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (dt.date, int, float)):
        return f"`{value}`"
    return f"`{str(value)[:60]}`"


if __name__ == "__main__":  # `python -m generator.source.schema`, the command the docs give
    from generator.source.json_schema import main

    sys.exit(main())
