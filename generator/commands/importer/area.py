"""Local phone numbers published without their area code ("监督电话：5550205").

`gongshi check` refuses a landline without its area code, so the importer completes one from, in
order: the site's `area_code` (site.yaml), another landline of the same notice, or the place the
issuer names when it is one of the cities below. Otherwise the number stays in the body only, with a
warning, and is not written to `contacts`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from generator.commands.importer.contacts import Contact
from generator.commands.importer.text import warn
from generator.errors import Diagnostic

CITY_AREA_CODES = {
    "北京": "010", "上海": "021", "天津": "022", "重庆": "023", "沈阳": "024", "南京": "025", "武汉": "027",
    "成都": "028", "西安": "029", "广州": "020", "石家庄": "0311", "太原": "0351", "呼和浩特": "0471",
    "长春": "0431", "哈尔滨": "0451", "杭州": "0571", "合肥": "0551", "福州": "0591", "南昌": "0791",
    "济南": "0531", "郑州": "0371", "长沙": "0731", "南宁": "0771", "海口": "0898", "贵阳": "0851",
    "昆明": "0871", "拉萨": "0891", "兰州": "0931", "西宁": "0971", "银川": "0951", "乌鲁木齐": "0991",
    "大连": "0411", "丹东": "0415", "青岛": "0532", "深圳": "0755", "厦门": "0592", "宁波": "0574",
    "苏州": "0512",
}
"""Area codes of the provincial capitals and a few other cities, by the name an issuer would use."""

LOCAL_RE = re.compile(r"[2-9]\d{6,7}(?:转\d{1,5})?")
AREA_RE = re.compile(r"^(0\d{2,3})-")


def complete_area_codes(contacts: Sequence[Contact], area_code: str | None, place: str,
                        path: str) -> tuple[list[Contact], list[Diagnostic]]:
    """Local numbers with an area code added (and a warning saying where it came from), or left out."""
    sibling = next((m.group(1) for c in contacts if c.kind == "phone" for m in [AREA_RE.match(c.value)] if m), None)
    city = next((code for name, code in CITY_AREA_CODES.items() if name in place), None)
    out: list[Contact] = []
    warnings: list[Diagnostic] = []
    for c in contacts:
        if c.kind != "phone" or not LOCAL_RE.fullmatch(c.value):
            out.append(c)
            continue
        code, source = ((area_code, "the site's area_code") if area_code else
                        (sibling, "another number of this notice") if sibling else
                        (city, "the issuer's city") if city else (None, ""))
        if code is None:
            warnings.append(warn(path, c.line, "contacts", f"{c.value} has no area code; kept in the body only, "
                                 "not in contacts", "add `area_code: 0415` (yours) to site.yaml and import "
                                 "again, or add the contact by hand"))
            continue
        code = code if code.startswith("0") else "0" + code
        out.append(replace(c, value=f"{code}-{c.value}"))
        warnings.append(warn(path, c.line, "contacts", f"{c.value} has no area code; took {code} from {source}",
                             "check the number in `contacts`"))
    return out, warnings
