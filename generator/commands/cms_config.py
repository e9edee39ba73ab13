"""The browser editor's configuration (Decap CMS `admin/config.yml`), generated from `source/schema.py`.

Every front-matter field of a notice becomes a form field with a widget for its type (text, date,
a select for each enum, lists and groups for contacts, revisions, attachments…), required where the
schema requires it, with the field's description as the hint. A field added to the schema shows up
in the form the next time `gongshi cms` runs, and `gongshi cms --check` fails until it has.
"""

from __future__ import annotations

from typing import Any

import yaml

from generator.notice.kinds import KINDS
from generator.source.schema import NOTICE, Spec

MOMENT_RE = r"^\d{4}-\d{2}-\d{2}( \d{1,2}:\d{2})?$"
"""A date, or a date and a time: what `disclosure.start`/`end` accept. A text field with this pattern,
not a date picker: a date alone means the whole day (an end at 00:00 would end the period a day early)."""

LABELS = {  # field name → the label editors see (tests/commands/test_cms.py checks every field has one)
    "title": "标题", "issuer": "发布单位", "kind": "类别", "issued": "发布日期", "updated": "更新日期",
    "slug": "网址名", "lang": "语言", "summary": "摘要", "draft": "草稿", "tags": "主题",
    "disclosure": "公示期", "start": "开始", "end": "结束", "working_days": "工作日数",
    "after_close": "期满后", "contacts": "联系方式", "value": "号码或地址", "label": "名称",
    "hours": "受理时间", "note": "说明", "postcode": "邮编", "site_contacts": "同时显示站点默认联系方式",
    "signature": "落款", "by": "落款单位", "date": "日期", "progress_updates": "进展记录",
    "attachments": "附件", "file": "文件", "description": "附件说明", "revisions": "修订记录",
    "related": "相关公告", "aliases": "旧网址", "until": "停用日期", "index_number": "索引号",
    "document_number": "文号", "topic": "主题分类", "written": "成文日期", "publisher": "发布机构",
    "validity": "有效性", "status": "状态", "disclosure_scope": "公开方式",
}
CHOICES = {  # field name → {value: label} for its select
    "kind": {"rectification-progress": "整改进展通报", "inspection-announcement": "巡察公告",
             "appointment-notice": "任前公示", "project-notice": "项目公示", "generic": "公告",
             "phone": "电话", "email": "电子邮箱", "post": "信件", "web": "网站", "in-person": "来访",
             "correction": "更正", "extension": "延期", "withdrawal": "撤销", "supplement": "补充"},
    "lang": {"zh-CN": "中文", "en": "English"},
    "after_close": {"keep": "保留在列表中（显示已结束）", "archive": "只列入归档", "hide": "不在列表中显示"},
}
LONG_TEXT = {"summary", "note", "description"}
"""Fields edited in a multi-line box."""
DATE = {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False}
"""A date picker that stores 2025-07-21, the form the loader reads (no time, no zone)."""


def field(name: str, spec: Spec, path: tuple[str, ...] = (), optional_parent: bool = False) -> dict[str, Any]:
    """The Decap field for one schema field.

    A required field of an optional group (`signature.by`, `disclosure.start`) is optional in the form,
    which cannot require it only when the group is filled in; its hint says so and `gongshi check`
    still reports it missing."""
    out: dict[str, Any] = {"label": LABELS.get(name, name), "name": name}
    hint = spec.doc
    if spec.required and optional_parent:
        hint = ("填写此组时必填。" + hint).strip()
    if hint:
        out["hint"] = hint
    out["required"] = spec.required and not optional_parent
    out.update(_widget(name, spec, path + (name,)))
    return out


def _widget(name: str, spec: Spec, path: tuple[str, ...]) -> dict[str, Any]:
    if spec.type == "object":
        return {"widget": "object", "collapsed": not spec.required and len(path) == 1,
                "fields": [field(k, v, path, optional_parent=not spec.required) for k, v in spec.fields.items()]}
    if spec.type == "list":
        assert spec.items is not None
        if name == "related" and spec.items.type == "string":
            return {"widget": "relation", "collection": "notices", "multiple": True, "search_fields": ["title"],
                    "value_field": "{{slug}}", "display_fields": ["title"]}
        if spec.items.type == "object":
            item_fields = [field(k, v, path + ("[]",)) for k, v in spec.items.fields.items()]
            shown = [k for k in ("date", "kind", "title", "value") if k in spec.items.fields]
            # default []: a list starts empty, not with one item of its fields' defaults.
            out: dict[str, Any] = {"widget": "list", "collapsed": False, "default": [], "fields": item_fields}
            if shown:
                out["summary"] = " ".join("{{fields." + k + "}}" for k in shown)
            return out
        return {"widget": "list", "field": {"label": LABELS.get(name, name), "name": "item",
                                            **_widget("item", spec.items, path)}}
    if spec.type == "enum":
        labels = CHOICES.get(name, CHOICES["kind"])
        return {"widget": "select", "options": [{"label": labels.get(c, c), "value": c} for c in spec.choices]}
    if spec.type == "date":
        # Outside lists: empty until picked (else the CMS fills in today). In a list item: today.
        return {**DATE, "default": ""} if "[]" not in path else dict(DATE)
    if spec.type == "moment":
        return {"widget": "string", "pattern": [MOMENT_RE, "写作 2025-07-21 或 2025-07-21 09:00"]}
    if spec.type == "integer":
        return {"widget": "number", "value_type": "int", "min": 1, "step": 1}
    if spec.type == "boolean":
        return {"widget": "boolean"}
    if name == "file" and path[:1] == ("attachments",):
        return {"widget": "file", "choose_url": False}
    out = {"widget": "text" if name in LONG_TEXT else "string"}
    if spec.pattern:
        out["pattern"] = [spec.pattern, "格式不对：" + spec.doc]
    return out


def notice_fields() -> list[dict[str, Any]]:
    """Every front-matter field, in the schema's order, then the body."""
    fields = [field(name, spec) for name, spec in NOTICE.fields.items()]
    fields.append({"label": "正文", "name": "body", "widget": "markdown", "modes": ["raw", "rich_text"],
                   "hint": "Markdown：一、二、为章节（## 一、…），事项写作 #### 1. …【推进中】。"
                           "切换到富文本后，可用 ＋ 插入“进展事项”，从列表中选择进展。"})
    return fields


BACKENDS = ("github", "gitlab")


def config(backend: str = "github", repo: str = "OWNER/REPOSITORY", branch: str = "main",
           site_url: str = "", api_root: str = "", app_id: str = "", local_url: str = "") -> dict[str, Any]:
    """The whole admin/config.yml: backend with editorial workflow, the local backend, the collection."""
    back: dict[str, Any] = {"name": backend, "repo": repo, "branch": branch,
                            "squash_merges": True, "cms_label_prefix": "cms/"}
    if backend == "gitlab":
        back["auth_type"] = "pkce"
        back["app_id"] = app_id or "GITLAB_APPLICATION_ID"
    if api_root:
        back["api_root"] = api_root
    out: dict[str, Any] = {
        "backend": back,
        # Editing on this computer through `npx decap-server` (the CMS's own proxy; see the README).
        "local_backend": {"url": local_url} if local_url else True,
        # 先审后发: every save is a pull/merge request, moved through draft → in review → ready.
        "publish_mode": "editorial_workflow",
        "locale": "zh_Hans",
        "media_folder": "content/notices",
        "public_folder": "",
    }
    if site_url:
        out["site_url"] = out["display_url"] = site_url
    out["collections"] = [{
        "name": "notices", "label": "公告", "label_singular": "公告",
        "description": "每个公告一个文件夹：content/notices/<网址名>/index.md，附件放在同一文件夹。",
        "folder": "content/notices", "path": "{{slug}}/index", "extension": "md", "format": "yaml-frontmatter",
        "media_folder": "", "public_folder": "",  # attachments go into the notice's own folder
        "create": True, "slug": "{{year}}-{{month}}-{{day}}-{{fields.kind}}",
        "summary": "{{issued}} {{title}}", "sortable_fields": ["issued", "title", "kind"],
        "view_filters": [{"label": LABELS["kind"] + "：" + CHOICES["kind"][k], "field": "kind", "pattern": k}
                         for k in KINDS],
        "fields": notice_fields(),
    }]
    return out


def config_text(**kw: Any) -> str:
    head = ("# 由 `gongshi cms` 根据 Gongshi 的字段定义生成：请勿手工修改，修改 site.yaml 的 cms: 后重新运行。\n"
            "# Generated by `gongshi cms` from Gongshi's field declarations and the cms: settings of site.yaml;\n"
            "# run it again after upgrading Gongshi (`gongshi cms --check` fails while this file is stale).\n")
    return head + yaml.safe_dump(config(**kw), allow_unicode=True, sort_keys=False, width=120)
