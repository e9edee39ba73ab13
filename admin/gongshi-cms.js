/* Gongshi's additions to the browser editor (Decap CMS), written by `gongshi cms`:
   - the preview uses the site's own stylesheets, and shows the notice as readers see its top:
     title and issuer, the disclosure period banner, the contact channels, the items' progress;
   - before a save, empty values are left out, so the file keeps Gongshi's front-matter format
     (an untouched optional date would otherwise be written as updated: "");
   - the body's editor components (the ＋ menu of the rich-text mode): 进展事项, an item heading
     (#### 1. …【state】) with its state chosen from the site's progress_states, its 整改时限 and
     责任单位; and 脚注, which keeps footnote definitions ([^1]: …) as written. Their patterns find
     the items and footnotes already in a body, so they open in the form; toBlock writes the
     Markdown that notice/outline.py reads. The body opens in raw Markdown unless the editor chose
     the rich-text mode before. */
(function () {
  "use strict";
  var CMS = window.CMS, h = window.h, createClass = window.createClass;
  var STATES = [{"key": "done", "label": "已完成"}, {"key": "in-progress", "label": "推进中"}, {"key": "ongoing", "label": "长期坚持"}, {"key": "not-started", "label": "未开始"}];
  var KINDS = {"rectification-progress": "整改进展通报", "inspection-announcement": "巡察公告", "appointment-notice": "任前公示", "project-notice": "项目公示", "generic": "公告"};
  var CONTACT_KINDS = { phone: "电话", email: "电子邮箱", post: "信件", web: "网站", "in-person": "来访" };

  CMS.registerPreviewStyle("../static/css/site.css");
  CMS.registerPreviewStyle("../static/css/states.css");

  function isEmpty(value) {
    if (value === "" || value === null || value === undefined) return true;
    return value && typeof value.toJS === "function" && value.size === 0;
  }
  function prune(value) {
    if (value && typeof value.toJS === "function" && typeof value.filter === "function") {
      return value.map(prune).filter(function (v) { return !isEmpty(v); });
    }
    return typeof value === "string" && value.trim() === "" ? "" : value;
  }
  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) { return prune(event.entry.get("data")); }
  });

  function text(data, path) {
    var v = data.getIn(path);
    return v === undefined || v === null ? "" : String(v);
  }

  function progress(body) {
    var counts = {}, total = 0;
    (body.match(/^#{2,6} .*【([^【】]{1,20})】\s*$/gm) || []).forEach(function (line) {
      var label = line.match(/【([^【】]{1,20})】\s*$/)[1];
      counts[label] = (counts[label] || 0) + 1;
      total += 1;
    });
    if (!total) return null;
    return h("section", { className: "progress-panel" },
      h("h2", null, "整改进展"),
      h("ul", { className: "state-counts" }, STATES.filter(function (s) { return counts[s.label]; })
        .map(function (s) {
          return h("li", { key: s.key, className: "progress-" + s.key },
            h("span", { className: "badge state-" + s.key }, s.label), " " + counts[s.label] + " 项");
        })));
  }

  var NoticePreview = createClass({
    render: function () {
      var data = this.props.entry.get("data");
      var start = text(data, ["disclosure", "start"]), end = text(data, ["disclosure", "end"]);
      var days = text(data, ["disclosure", "working_days"]);
      var contacts = (data.get("contacts") || []).toJS ? data.get("contacts").toJS() : [];
      return h("main", { className: "preview" },
        h("article", { className: "notice kind-" + text(data, ["kind"]) },
          h("header", { className: "notice-header" },
            h("p", { className: "notice-issuer" }, text(data, ["issuer"])),
            h("h1", { className: "notice-title" }, text(data, ["title"])),
            h("p", { className: "notice-meta" }, (KINDS[text(data, ["kind"])] || "") + " · 发布日期 " + text(data, ["issued"]))),
          start ? h("section", { className: "period-banner state-open" },
            h("h2", { id: "period-heading" }, "公示期"),
            h("p", { className: "period-range" }, start + " 至 " + (end || (days ? days + " 个工作日" : "")))) : null,
          contacts.length ? h("section", { className: "contacts" },
            h("h2", null, "联系我们"),
            h("ul", { className: "contact-list" }, contacts.map(function (c, i) {
              return h("li", { key: i, className: "contact contact-" + c.kind },
                h("span", { className: "contact-kind" }, c.label || CONTACT_KINDS[c.kind] || c.kind || ""), " ",
                h("span", { className: "contact-value" }, c.value || ""),
                c.hours ? h("span", { className: "contact-hours" }, " 受理时间：" + c.hours) : null);
            }))) : null,
          progress(text(data, ["body"])),
          h("div", { className: "notice-body" }, this.props.widgetFor("body"))));
    }
  });
  CMS.registerPreviewTemplate("notices", NoticePreview);

  // The body opens as raw Markdown (the first of its modes) unless this browser chose a mode before.
  try {
    if (window.localStorage && window.localStorage.getItem("cms.md-mode") === null) {
      window.localStorage.setItem("cms.md-mode", "raw");
    }
  } catch (e) { /* storage refused: the CMS picks the mode itself */ }

  function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
  function clean(v) { return v === undefined || v === null ? "" : String(v).replace(/[\r\n]+/g, " ").trim(); }
  var LABELS = STATES.map(function (s) { return escapeRe(s.label); }).join("|") || "(?!)";
  // As notice/outline.py reads them: a #### heading, its number (一、 （一） 1. （1）), an optional
  // 【state】 of the site's vocabulary at its end (a heading ending in another 【…】 is left alone),
  // then optionally one paragraph of nothing but a deadline line and a unit line.
  var NUMBER = /^(?:[一二三四五六七八九十百零〇]+\s*[、.．]|[（(]\s*[一二三四五六七八九十百零〇]+\s*[)）]|\d{1,3}\s*[.．、]|[（(]\s*\d{1,3}\s*[)）])\s*/;
  var META = "(整改时限|完成时限|责任单位|责任部门)[ \\t]*[:：][ \\t]*([^\\n]*\\S)[ \\t]*";
  var ITEM = new RegExp("^#### +(?![^\\n]*【(?!(?:" + LABELS + ")】)[^【】\\n]{1,20}】[ \\t]*(?:\\n|$))" +
    "([^\\n]*?)[ \\t]*(?:【(" + LABELS + ")】)?[ \\t]*" +
    "(?:\\n\\n" + META + "(?:\\n" + META + ")?(?=\\n\\n|\\n?$))?(?=\\n|$)");
  var DEADLINE_KEYS = ["整改时限", "完成时限"];

  function itemFromBlock(match) {
    var text = match[1].trim(), number = (text.match(NUMBER) || [""])[0];
    var data = { number: number.trim(), title: text.slice(number.length).trim(), state: match[2] || "",
                 deadline: "", unit: "", deadline_key: "整改时限", unit_key: "责任单位" };
    [[match[3], match[4]], [match[5], match[6]]].forEach(function (line) {
      if (!line[0]) return;
      if (DEADLINE_KEYS.indexOf(line[0]) >= 0) { data.deadline = line[1]; data.deadline_key = line[0]; }
      else { data.unit = line[1]; data.unit_key = line[0]; }
    });
    return data;
  }
  function heading(data) {
    var number = clean(data.number);
    return (number ? number + (/[)）]$/.test(number) ? "" : " ") : "") + clean(data.title);
  }
  function itemToBlock(data) {
    var state = clean(data.state), head = "#### " + heading(data) + (state ? "【" + state + "】" : "");
    var meta = [];
    if (clean(data.deadline)) meta.push((clean(data.deadline_key) || "整改时限") + "：" + clean(data.deadline));
    if (clean(data.unit)) meta.push((clean(data.unit_key) || "责任单位") + "：" + clean(data.unit));
    return meta.length ? head + "\n\n" + meta.join("\n") : head;
  }
  function itemPreview(data) {
    var state = STATES.filter(function (s) { return s.label === clean(data.state); })[0];
    var meta = itemToBlock(data).split("\n").slice(2);
    return h("div", null,
      h("h4", { className: "item", "data-state": state ? state.key : null }, heading(data),
        state ? " " : null, state ? h("span", { className: "badge state-" + state.key }, state.label) : null),
      meta.length ? h("p", { className: "item-meta" }, meta.map(function (line, i) {
        return i ? [h("br", { key: i }), line] : line;
      })) : null);
  }
  CMS.registerEditorComponent({
    id: "gongshi-item",
    label: "进展事项",
    summary: "{{fields.number}} {{fields.title}} {{fields.state}}",
    fields: [
      { name: "number", label: "编号", widget: "string", default: "1.", hint: "如 1. 或 （1）；事项是四级标题 ####" },
      { name: "title", label: "事项", widget: "string" },
      { name: "state", label: "进展", widget: "select", required: false,
        options: STATES.map(function (s) { return { label: s.label, value: s.label }; }),
        hint: "写在标题末尾的【】标记；可选的进展见 site.yaml 的 progress_states" },
      { name: "deadline", label: "整改时限", widget: "string", required: false, hint: "如 2026年12月31日 或 2026-12-31，可不填" },
      { name: "unit", label: "责任单位", widget: "string", required: false }
    ],
    pattern: ITEM,
    fromBlock: itemFromBlock,
    toBlock: itemToBlock,
    toPreview: itemPreview
  });

  // Footnote definitions as written: the rich-text mode would otherwise turn them into links.
  var FOOTNOTE = /^\[\^([^\]\s]+)\]:[ \t]*([^\n]*(?:\n(?![ \t]*(?:\n|$)|\[\^)[^\n]+)*)/;
  CMS.registerEditorComponent({
    id: "gongshi-footnote",
    label: "脚注",
    fields: [
      { name: "id", label: "脚注编号", widget: "string", hint: "正文中以 [^编号] 引用" },
      { name: "text", label: "脚注内容", widget: "text" }
    ],
    pattern: FOOTNOTE,
    fromBlock: function (match) { return { id: match[1], text: match[2] }; },
    toBlock: function (data) {
      return "[^" + clean(data.id) + "]: " + String(data.text || "").trim();
    },
    toPreview: function (data) {
      return h("p", { className: "footnote-definition" }, "[" + clean(data.id) + "] " + String(data.text || "").trim());
    }
  });
})();
