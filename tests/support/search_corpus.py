"""A small corpus of invented notices for the search tests, and the query set drawn from it.

The notices are made from our own word lists with a fixed seed: titles and sentences that put
everyday words inside longer compounds (经营权流转, 巡察整改落实), names, document numbers, phone
numbers and dates. `queries` draws words from the texts themselves, and `expected` says which notices
a query must find, by plain substring search over each notice's title and text: the oracle the
browser's results are checked against.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

PLACES = ["示例镇", "样本村", "东山街道", "西河乡", "南坪社区", "北岭村", "宽甸", "青石镇"]
PEOPLE = ["王示例", "李样本", "张演示", "赵测试", "刘范例", "陈模板"]
THINGS = ["集体土地经营权流转", "老旧小区改造项目", "巡察整改落实进展", "农村道路硬化工程", "困难群众临时救助",
          "村级财务收支", "高标准农田建设", "河道综合治理", "公共租赁住房分配", "专项资金使用"]
VERBS = ["组织审查", "研究决定", "公开征求意见", "集中整治", "逐项核实", "跟踪督办", "验收合格", "依法公示"]
FILLER = ["根据有关规定", "经认真研究", "为进一步规范管理", "按照工作部署", "结合实际情况", "在广泛听取意见的基础上"]
ISSUERS = ["示例镇人民政府", "样本村村民委员会", "东山街道办事处", "西河乡纪委"]


@dataclass(frozen=True)
class Notice:
    slug: str
    title: str
    text: str
    """The title and the body, as a reader sees them (the oracle searches this)."""


def write(content: Path, count: int = 48, seed: int = 16) -> None:
    """A site of `count` invented notices in `content` (site.yaml and notices/)."""
    rng = random.Random(seed)
    notices = content / "notices"
    notices.mkdir(parents=True, exist_ok=True)
    (content / "site.yaml").write_text("title: 检索测试站点\nbase_url: https://example.org/\n", "utf-8")
    for i in range(count):
        place, thing = rng.choice(PLACES), rng.choice(THINGS)
        title = f"关于{place}{thing}情况的公示" if i % 3 else f"{place}{thing}结果公告"
        year = rng.choice([2024, 2025, 2026])
        paragraphs = []
        for _ in range(rng.randint(2, 4)):
            sentences = []
            for _ in range(rng.randint(2, 4)):
                sentences.append(f"{rng.choice(FILLER)}，{rng.choice(PLACES)}对{rng.choice(THINGS)}"
                                 f"{rng.choice(VERBS)}，由{rng.choice(PEOPLE)}同志负责。")
            paragraphs.append("".join(sentences))
        number = f"示政发〔{year}〕{rng.randint(1, 99)}号"
        phone = f"0415-555{rng.randint(1000, 9999)}"
        day = f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
        paragraphs.append(f"依据{number}文件，公示时间自{day}起。联系电话：{phone}。")
        front = {"title": title, "issuer": rng.choice(ISSUERS), "kind": "generic",
                 "issued": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"}
        text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n\n" + "\n\n".join(paragraphs)
        (notices / f"search-{i:03d}.md").write_text(text + "\n", "utf-8")


def read(content: Path) -> list[Notice]:
    """Every published notice of a content folder: its slug, title, and title with body."""
    out = []
    for path in sorted((content / "notices").rglob("*.md")):
        raw = path.read_text("utf-8")
        match = re.match(r"---\n(.*?)\n---\n(.*)", raw, re.S)
        if not match:
            continue
        front = yaml.safe_load(match.group(1)) or {}
        if front.get("draft"):
            continue
        slug = front.get("slug") or (path.parent.name if path.name == "index.md" else path.stem)
        out.append(Notice(str(slug), str(front["title"]), f"{front['title']}\n{match.group(2)}"))
    return out


def expected(notices: list[Notice], query: str) -> set[str]:
    """The notices whose title or text has every word of the query."""
    words = query.split()
    return {n.slug for n in notices if all(w in n.text for w in words)}


def queries(notices: list[Notice], count: int, seed: int = 7) -> list[str]:
    """Words drawn from the texts: runs of two to five Chinese characters from anywhere (inside compounds
    too), numbers with what surrounds them, and two-word queries."""
    rng = random.Random(seed)
    runs = [m.group() for n in notices for m in re.finditer(r"[\u4e00-\u9fff]{2,}", n.text)]
    exact = sorted({m.group() for n in notices for m in re.finditer(
        r"[\u4e00-\u9fff]{1,4}〔\d{4}〕\d+号|\d{3,4}-\d{7,8}|\d{4}年\d{1,2}月\d{1,2}日", n.text)})
    out: list[str] = []
    while len(out) < count:
        run = rng.choice(runs)
        size = rng.randint(2, min(5, len(run)))
        start = rng.randint(0, len(run) - size)
        out.append(run[start:start + size])
    out += rng.sample(exact, min(len(exact), max(3, count // 3)))
    out += [f"{rng.choice(out[:count])} {rng.choice(out[:count])}" for _ in range(max(2, count // 4))]
    return out
