/* Full-text search of the notices with Pagefind's JavaScript API.

   Pagefind's ready-made UI is not used: it relies on inline styles, which the Content-Security-Policy
   forbids. The index is loaded relative to this script (static/js/ → the site root), so search works
   wherever the site is published (https://example.org/ or https://example.org/notices/). Pagefind
   picks the index of the page's <html lang>. Without JavaScript the page says search needs it; when
   the index cannot load (a page opened straight from disk) the page says that instead. */
(function () {
  "use strict";
  var script = document.currentScript;
  var ROOT = new URL("../../", script ? script.src : location.href);
  var FILTERS = ["kind", "state", "year"];
  var BATCH = 20;

  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (m, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : m;
    });
  }

  function readStrings() {
    var holder = document.getElementById("gongshi-strings");
    return holder ? JSON.parse(holder.textContent) : {};
  }

  /* Pagefind's excerpt is escaped text with <mark> around the hits; keep exactly that and nothing else. */
  function excerpt(html) {
    var parsed = new DOMParser().parseFromString(html, "text/html");
    var out = document.createDocumentFragment();
    parsed.body.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function resultItem(data) {
    var meta = data.meta || {};
    var li = document.createElement("li");
    li.className = "search-result";
    var heading = document.createElement("h2");
    heading.className = "result-title";
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = meta.title || data.url;
    heading.appendChild(link);
    li.appendChild(heading);
    var about = [meta.kind, meta.issuer].filter(Boolean);
    if (about.length || meta.issued) {
      var line = document.createElement("p");
      line.className = "result-meta";
      line.textContent = about.join(" · ");
      if (meta.issued) {
        var time = document.createElement("time");
        if (meta.date) time.dateTime = meta.date;
        time.textContent = meta.issued;
        if (about.length) line.appendChild(document.createTextNode(" · "));
        line.appendChild(time);
      }
      li.appendChild(line);
    }
    if (data.excerpt) {
      var text = document.createElement("p");
      text.className = "result-excerpt";
      text.appendChild(excerpt(data.excerpt));
      li.appendChild(text);
    }
    return li;
  }

  async function start() {
    var form = document.querySelector("[data-search-form]");
    if (!form) return;
    var S = readStrings();
    var input = form.elements.q;
    var status = document.querySelector("[data-search-status]");
    var list = document.querySelector("[data-search-results]");
    var filterBox = form.querySelector("[data-search-filters]");
    var params = new URLSearchParams(location.search);
    var wanted = {};
    FILTERS.forEach(function (name) { wanted[name] = params.getAll(name); });
    input.value = params.get("q") || "";

    var more = document.createElement("button");
    more.type = "button";
    more.className = "search-more";
    more.textContent = S.search_more;
    more.hidden = true;
    list.parentNode.insertBefore(more, list.nextSibling);

    var pagefind;
    try {
      pagefind = await import(new URL("pagefind/pagefind.js", ROOT).href);
      await pagefind.options({ baseUrl: ROOT.pathname });
      await pagefind.init();
    } catch (err) {
      document.querySelector("[data-search-unavailable]").hidden = false;
      return;
    }

    var current = 0, results = [];

    function chosen() {
      var out = {};
      FILTERS.forEach(function (name) {
        var values = [];
        form.querySelectorAll('input[name="' + name + '"]:checked').forEach(function (box) { values.push(box.value); });
        if (values.length) out[name] = { any: values };
      });
      return out;
    }

    function remember(q, filters) {
      var p = new URLSearchParams();
      if (q) p.set("q", q);
      Object.keys(filters).forEach(function (name) {
        filters[name].any.forEach(function (value) { p.append(name, value); });
      });
      var query = p.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
    }

    async function showMore(id) {
      var from = list.children.length;
      var batch = await Promise.all(results.slice(from, from + BATCH).map(function (r) { return r.data(); }));
      if (id !== current) return;
      batch.forEach(function (data) { list.appendChild(resultItem(data)); });
      more.hidden = list.children.length >= results.length;
    }

    async function search() {
      var q = input.value.trim(), filters = chosen(), id = ++current;
      remember(q, filters);
      if (!q && !Object.keys(filters).length) {
        results = [];
        list.textContent = "";
        status.textContent = "";
        more.hidden = true;
        return;
      }
      status.textContent = S.search_searching;
      var found = await pagefind.search(q || null, { filters: filters });
      if (id !== current || !found) return;
      results = found.results;
      list.textContent = "";
      await showMore(id);
      if (id !== current) return;
      /* Announced once the first results are on the page. */
      var n = results.length;
      status.textContent = n === 0 ? fill(S.search_none, { q: q }) : n === 1 ? S.search_count_one : fill(S.search_count, { n: n });
    }

    async function buildFilters() {
      var available = await pagefind.filters();
      var lang = document.documentElement.lang || undefined;
      FILTERS.forEach(function (name) {
        var counts = available[name] || {};
        var values = Object.keys(counts).sort(function (a, b) { return a.localeCompare(b, lang); });
        if (name === "year") values.reverse();
        if (!values.length) return;
        var set = document.createElement("fieldset");
        set.className = "search-filter filter-" + name;
        var legend = document.createElement("legend");
        legend.textContent = S["search_filter_" + name];
        set.appendChild(legend);
        values.forEach(function (value) {
          var label = document.createElement("label");
          var box = document.createElement("input");
          box.type = "checkbox";
          box.name = name;
          box.value = value;
          box.checked = wanted[name].indexOf(value) >= 0;
          box.addEventListener("change", search);
          label.appendChild(box);
          label.appendChild(document.createTextNode(name === "year" ? fill(S.search_year, { year: value }) : value));
          var count = document.createElement("span");
          count.className = "filter-count";
          count.textContent = fill(S.count, { n: counts[value] });
          label.appendChild(count);
          set.appendChild(label);
        });
        filterBox.appendChild(set);
      });
      filterBox.hidden = !filterBox.children.length;
    }

    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 250);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      search();
    });
    more.addEventListener("click", function () { showMore(current); });
    await buildFilters();
    await search();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
}());
