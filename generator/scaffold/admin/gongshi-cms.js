/* Gongshi's additions to the browser editor (Decap CMS), written by `gongshi cms`:
   - the preview uses the site's own stylesheets, and shows the notice as readers see its top:
     title and issuer, the disclosure period banner, the contact channels, the items' progress;
   - before a save, empty values are left out, so the file keeps Gongshi's front-matter format
     (an untouched optional date would otherwise be written as updated: ""). */
(function () {
  "use strict";
  var CMS = window.CMS, h = window.h, createClass = window.createClass;
  var STATES = __STATES__;
  var KINDS = __KINDS__;
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
})();
