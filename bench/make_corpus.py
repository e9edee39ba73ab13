#!/usr/bin/env python3
# The project's synthetic corpus generator for the speed benchmark (bench/run.py): N notices shaped
# like real rectification reports, byte-identical for the same N and seed. Kept verbatim below.
"""Write N synthetic disclosure notices (Markdown + YAML front matter) for build-speed benchmarks.

usage: python3 make_corpus.py N OUTDIR [--seed S] [--peers]

Each file is shaped like a 巡察整改落实进展情况的通报: front matter with title, issued, issuer, kind,
signature,
disclosure {start, end}, contacts [{phone, value, hours}, {post, value}], tags; a Chinese body
with ## 一、 / ### （一） headings, numbered lists, bold text, one table and a few links. Files are
11-24 KB of UTF-8, ~17 KB on average (the size of the real seed notice). The text is random
mixes of a small vocabulary written for this script. Same N and seed -> byte-identical files
(one RNG per file, seeded from the seed and the file index).
"""
import argparse
import datetime
import pathlib
import random

AREAS = ["宽甸", "凤城", "东港", "振安", "元宝", "振兴", "丹东", "青山", "河口", "临江"]
UNITS = ["经济开发区", "高新区", "工业园区", "港区", "物流园区", "农业示范区"]
ORGS = ["市委第一巡察组", "市委第二巡察组", "市委第三巡察组", "市委第四巡察组"]
NUM = "一二三四五六七八九十"
ADV = ["持续", "认真", "深入", "扎实", "全面", "切实", "进一步", "坚决", "着力", "及时", "统筹", "严格"]
VERB = ["推进", "落实", "完善", "健全", "规范", "加强", "压实", "梳理", "排查", "整治", "督导", "研究",
        "部署", "建立", "优化", "提升", "细化", "跟踪", "盘活", "核查"]
NOUN = ["整改任务", "主体责任", "监督责任", "工作机制", "制度体系", "问题清单", "整改台账", "干部队伍",
        "基层党组织", "营商环境", "项目建设", "资金管理", "资产台账", "安全生产", "招商引资", "产业集群",
        "审批服务", "考核评价", "风险防控", "廉政教育", "作风建设", "长效机制", "专项检查", "财务制度",
        "合同管理", "工程项目", "信访举报", "意识形态", "理论学习", "民生实事"]
ADJ = ["常态化", "规范化", "制度化", "精细化", "高质量", "长效", "闭环", "全覆盖", "可追溯", "动态"]
CONN = ["同时", "此外", "截至目前", "下一步", "在此基础上", "针对上述问题", "按照工作方案", "结合实际"]
CATEGORIES = ["学习贯彻党的创新理论有差距", "落实全面从严治党责任不到位", "基层党组织建设存在薄弱环节",
              "贯彻新发展理念不够深入", "体制机制改革有欠缺", "营商环境优化不够有力", "风险防范存在漏洞",
              "干部队伍建设有短板", "落实中央八项规定精神有差距", "巡察整改推动不够有力"]
STATES = ["已完成", "推进中", "长期坚持", "已完成并持续巩固"]
HOURS = ["工作日 8:30-11:30，13:30-17:00", "工作日 9:00-17:00", "周一至周五 8:00-16:30"]


def clause(r: random.Random) -> str:
    return r.choice(ADV) + r.choice(VERB) + r.choice(NOUN)


def sentence(r: random.Random) -> str:
    parts = [clause(r) for _ in range(r.randint(2, 4))]
    if r.random() < 0.3:
        parts.insert(0, r.choice(CONN))
    if r.random() < 0.25:
        parts.append(f"推动{r.choice(NOUN)}{r.choice(ADJ)}管理")
    if r.random() < 0.2:
        parts.append(f"累计{r.choice(VERB)}{r.choice(NOUN)}{r.randint(2, 98)}项")
    return "，".join(parts) + "。"


def paragraph(r: random.Random, lo: int = 3, hi: int = 6) -> str:
    return "".join(sentence(r) for _ in range(r.randint(lo, hi)))


def table(r: random.Random, start: datetime.date) -> list[str]:
    rows = ["| 序号 | 问题类别 | 整改措施 | 责任单位 | 完成时限 | 状态 |", "|---|---|---|---|---|---|"]
    for k in range(r.randint(5, 9)):
        due = start + datetime.timedelta(days=r.randint(30, 400))
        rows.append(f"| {k + 1} | {r.choice(CATEGORIES)} | {clause(r)}，{clause(r)} | "
                    f"{r.choice(NOUN)}办公室 | {due.year}年{due.month}月 | {r.choice(STATES)} |")
    return rows


def notice(i: int, r: random.Random, peers: bool = False) -> str:
    area, unit = r.choice(AREAS), r.choice(UNITS)
    issuer = f"中共{area}{unit}工作委员会"
    date = datetime.date(2022, 1, 1) + datetime.timedelta(days=r.randint(0, 1400))
    end = date + datetime.timedelta(days=r.choice([5, 7, 10, 15, 30]))
    phone = f"0415-{r.randint(2000000, 8999999)}"
    front = [
        "---",
        f'title: "关于{area}{unit}巡察整改落实进展情况的通报 #{i}"',
        f"date: {date.isoformat()}" if peers else f"issued: {date.isoformat()}",
        f'issuer: "{issuer}"',
        *([] if peers else ["kind: rectification-progress"]),
        "disclosure:",
        f"  start: {date.isoformat()}",
        f"  end: {end.isoformat()}",
        "contacts:",
        "  - kind: phone",
        f'    value: "{phone}"',
        f'    hours: "{r.choice(HOURS)}"',
        "  - kind: post",
        f'    value: "{r.choice(["辽宁省丹东市", "丹东市"])}{area}区{r.choice(NOUN)}路{r.randint(1, 300)}号 {issuer}办公室（邮编 {r.randint(110000, 119999)}）"',
        *([] if peers else ["signature:", f'  by: "{issuer}"', f"  date: {date.isoformat()}"]),
        f"tags: [巡察整改, {area}]",
        "---",
        "",
    ]
    org = r.choice(ORGS)
    body = [f"根据市委巡察工作统一部署，{org}对{issuer}开展了巡察，并反馈了巡察意见。"
            f"按照《中国共产党巡视工作条例》有关要求，现将巡察整改情况予以公布。{paragraph(r, 2, 4)}", ""]
    target = r.randint(9_500, 15_500)
    size = sum(len(s.encode()) + 1 for s in body)
    sec = 0
    while size < target and sec < len(NUM):
        block = [f"## {NUM[sec]}、{r.choice(CATEGORIES)}", "", paragraph(r), ""]
        for sub in range(r.randint(2, 4)):
            block += [f"### （{NUM[sub]}）关于{clause(r)}方面的问题", "", paragraph(r, 2, 4), ""]
            for item in range(r.randint(3, 6)):
                block.append(f"{item + 1}. **{clause(r)}**：{paragraph(r, 1, 3)}（{r.choice(STATES)}）")
            block.append("")
            if r.random() < 0.4:
                block += [f"相关制度文件已在[{r.choice(NOUN)}专栏](https://example.org/{area}/docs/{i}-{sec}-{sub}.html)公开。", ""]
        if sec == 1:
            block += ["整改任务推进情况如下表：", ""] + table(r, date) + [""]
        body += block
        size += sum(len(s.encode()) + 1 for s in block)
        sec += 1
    body += [
        f"## {NUM[sec % 10]}、下一步工作打算", "", paragraph(r, 3, 5), "",
        f"欢迎广大干部群众对巡察整改落实情况进行监督。公示时间：{date.year}年{date.month}月{date.day}日至"
        f"{end.year}年{end.month}月{end.day}日。联系电话：{phone}；邮政信箱：{issuer}办公室；"
        f"网络举报：[12388 举报平台](https://www.12388.gov.cn/)。", "",
        f"{issuer}", "", f"{date.year}年{date.month}月{date.day}日", "",
    ]
    return "\n".join(front + body)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("outdir", type=pathlib.Path)
    ap.add_argument("--seed", type=int, default=20241125)
    ap.add_argument("--peers", action="store_true",
                    help="front matter for other generators: 'date' instead of issued/kind/signature")
    a = ap.parse_args()
    a.outdir.mkdir(parents=True, exist_ok=True)
    for i in range(a.n):
        r = random.Random(a.seed * 1_000_003 + i)
        (a.outdir / f"notice-{i:05d}.md").write_bytes(notice(i, r, a.peers).encode("utf-8"))


if __name__ == "__main__":
    main()
