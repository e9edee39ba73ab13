/* Full-text search of the notices with Pagefind's JavaScript API.

   The index is in shards (pagefind/shards.json lists them): the first is loaded, the others merged
   into it. Chinese is indexed as overlapping character pairs spelt as code points in letters
   (generator/build/search_text.py), each distinct one once a notice, so a query is spelt the same way
   here (encodeQuery). A result's excerpt is cut from the text its record keeps in a file of its own
   (meta.text): the sentence of the body where the query stands, the query marked.

   Pagefind's ready-made UI is not used: it relies on inline styles, which the Content-Security-Policy
   forbids. The index is loaded relative to this script (static/js/ → the site root), so search works
   wherever the site is published. Without JavaScript the page says search needs it; when the index
   cannot load (a page opened straight from disk) the page says that instead. */
(function () {
  "use strict";
  var script = document.currentScript;
  var ROOT = new URL("../../", script ? script.src : location.href);
  var FILTERS = ["kind", "state", "year"];
  var BATCH = 10;
  /* The ranges of generator/build/search_text.py's CJK. */
  var CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
  var PUNCTUATION = /[\u2010-\u2027\u2030-\u205e\u3000-\u3003\u3008-\u3011\u3014-\u301f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]/g;
  var SENTENCE_END = /[。！？；!?;\n]/;

  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (m, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : m;
    });
  }

  function readStrings() {
    var holder = document.getElementById("gongshi-strings");
    return holder ? JSON.parse(holder.textContent) : {};
  }

  /* A character's code point in hexadecimal, written with the letters a–p (整 U+6574 → gfhe). */
  function hex(ch) {
    return ("000" + ch.charCodeAt(0).toString(16)).slice(-4).replace(/[0-9a-f]/g, function (d) {
      return String.fromCharCode(97 + parseInt(d, 16));
    });
  }

  function pair(run) {
    var chars = Array.from(run);
    if (chars.length === 1) return "q" + hex(chars[0]);
    var out = [];
    for (var i = 0; i + 1 < chars.length; i++) out.push("q" + hex(chars[i]) + hex(chars[i + 1]));
    return out.join(" ");
  }

  /* The words a reader typed (quotes dropped), each as the index spells it. */
  function words(q) {
    return q.replace(/["“”]/g, " ").split(/\s+/).filter(Boolean);
  }

  function encode(text) {
    return text.replace(PUNCTUATION, " ").replace(CJK, function (run) { return " " + pair(run) + " "; }).replace(/\s+/g, " ").trim();
  }

  /* Every pair of every word: a notice must have them all. (Not as a quoted phrase: Pagefind does not
     rank the results of one, and a match in the title must come first.) */
  function encodeQuery(q) {
    return words(q).map(encode).join(" ");
  }

  function find(text, list) {
    var lower = text.toLowerCase(), best = -1, length = 0;
    list.forEach(function (w) {
      var at = lower.indexOf(w.toLowerCase());
      if (at >= 0 && (best < 0 || at < best)) { best = at; length = w.length; }
    });
    return best < 0 ? null : [best, length];
  }

  /* The sentence around the first hit (at most a line's worth either side). */
  function sentence(text, at, length) {
    var start = at, end = at + length;
    while (start > 0 && at - start < 60 && !SENTENCE_END.test(text[start - 1])) start--;
    while (end < text.length && end - at < 100 && !SENTENCE_END.test(text[end - 1] || "")) end++;
    return (start > 0 && !SENTENCE_END.test(text[start - 1]) ? "…" : "") + text.slice(start, end).trim() +
      (end < text.length && !SENTENCE_END.test(text[end - 1]) ? "…" : "");
  }

  /* The excerpt: the sentence of the body where a word of the query stands (of the contacts,
     attachments or signature when the body has none). */
  function excerptOf(kept, list) {
    var body = (kept.body || "").trim(), extra = (kept.extra || "").trim();
    var hit = find(body, list);
    if (hit) return sentence(body, hit[0], hit[1]);
    hit = find(extra, list);
    if (hit) return sentence(extra, hit[0], hit[1]);
    return body ? sentence(body, 0, 0) : "";
  }

  /* The text a result's record keeps for its excerpt (meta.text names the file in the bundle: gzip-
     compressed JSON, as Pagefind's own files). Without it, or where the browser cannot decompress,
     the result has no excerpt. */
  async function keptText(meta) {
    if (!meta.text || typeof DecompressionStream === "undefined") return {};
    try {
      var response = await fetch(new URL("pagefind/" + meta.text, ROOT).href);
      if (!response.ok) return {};
      var stream = response.body.pipeThrough(new DecompressionStream("gzip"));
      return JSON.parse(await new Response(stream).text());
    } catch (err) {
      return {};
    }
  }

  /* The excerpt as text nodes with <mark> around every occurrence of the query's words. */
  function marked(text, list) {
    var out = document.createDocumentFragment(), lower = text.toLowerCase(), pos = 0;
    var needles = list.map(function (w) { return w.toLowerCase(); }).filter(Boolean);
    while (pos < text.length) {
      var next = -1, len = 0;
      needles.forEach(function (w) {
        var at = lower.indexOf(w, pos);
        if (at >= 0 && (next < 0 || at < next || (at === next && w.length > len))) { next = at; len = w.length; }
      });
      if (next < 0) break;
      if (next > pos) out.appendChild(document.createTextNode(text.slice(pos, next)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(next, next + len);
      out.appendChild(mark);
      pos = next + len;
    }
    if (pos < text.length) out.appendChild(document.createTextNode(text.slice(pos)));
    return out;
  }

  function resultItem(data, kept, list) {
    var meta = data.meta || {};
    var li = document.createElement("li");
    li.className = "search-result";
    var heading = document.createElement("h2");
    heading.className = "result-title";
    var link = document.createElement("a");
    link.href = data.url;
    link.appendChild(marked(meta.title || data.url, list));
    heading.appendChild(link);
    li.appendChild(heading);
    var line = document.createElement("p");
    line.className = "result-meta";
    [meta.issuer, meta.kind].filter(Boolean).forEach(function (text) {
      var span = document.createElement("span");
      span.textContent = text;
      line.appendChild(span);
    });
    if (meta.issued) {
      var time = document.createElement("time");
      if (meta.date) time.dateTime = meta.date;
      time.textContent = meta.issued;
      line.appendChild(time);
    }
    if (meta.state) {
      var state = document.createElement("span");
      state.className = "result-state";
      state.textContent = meta.state;
      line.appendChild(state);
    }
    li.appendChild(line);
    var text = excerptOf(kept, list);
    if (text) {
      var p = document.createElement("p");
      p.className = "result-excerpt";
      p.appendChild(marked(text, list));
      li.appendChild(p);
    }
    return li;
  }

  async function loadIndex() {
    var response = await fetch(new URL("pagefind/shards.json", ROOT).href, { cache: "no-cache" });
    if (!response.ok) throw new Error("no search index");
    var shards = (await response.json()).shards.map(function (s) { return s.name; });
    if (!shards.length) throw new Error("empty search index");
    var pagefind = await import(new URL("pagefind/pagefind.js", ROOT).href);
    var base = new URL("pagefind/", ROOT).pathname;
    await pagefind.options({ basePath: base + shards[0] + "/", baseUrl: ROOT.pathname });
    await pagefind.init();
    for (var i = 1; i < shards.length; i++) await pagefind.mergeIndex(base + shards[i] + "/");
    return pagefind;
  }

  async function start() {
    var form = document.querySelector("[data-search-form]");
    if (!form) return;
    var S = readStrings();
    var input = form.elements.q;
    var status = document.querySelector("[data-search-status]");
    var hint = document.querySelector("[data-search-hint]");
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
      pagefind = await loadIndex();
    } catch (err) {
      document.querySelector("[data-search-unavailable]").hidden = false;
      return;
    }

    var current = 0, results = [], query = [];
    var counters = {};

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
      var search = p.toString();
      history.replaceState(null, "", location.pathname + (search ? "?" + search : ""));
    }

    /* The count beside each filter value: of the results of the current query (all notices without one). */
    function showCounts(counts) {
      Object.keys(counters).forEach(function (key) {
        var cut = key.indexOf(":"), name = key.slice(0, cut), value = key.slice(cut + 1);
        var n = counts && counts[name] && counts[name][value] ? counts[name][value] : 0;
        counters[key].textContent = fill(S.count, { n: n });
      });
    }

    async function showMore(id) {
      var from = list.children.length;
      var batch = await Promise.all(results.slice(from, from + BATCH).map(async function (r) {
        var data = await r.data();
        return [data, await keptText(data.meta || {})];
      }));
      if (id !== current) return;
      batch.forEach(function (item) { list.appendChild(resultItem(item[0], item[1], query)); });
      more.hidden = list.children.length >= results.length;
    }

    /* Pagefind leaves out of a query the terms no notice has; a notice must have them all, so a query
       with such a term finds nothing. */
    async function everyTermOccurs(encoded) {
      var terms = encoded.split(" ").filter(function (t, i, all) { return t && all.indexOf(t) === i; });
      if (terms.length < 2) return true;
      for (var i = 0; i < terms.length; i++) {
        var alone = await pagefind.search(terms[i]);
        if (!alone || !alone.results.length) return false;
      }
      return true;
    }

    function suggestion(q, filters) {
      if (Object.keys(filters).length) return S.search_hint_filters;
      if (words(q).length > 1) return S.search_hint_words;
      return S.search_hint_other;
    }

    async function search() {
      var q = input.value.trim(), filters = chosen(), id = ++current;
      remember(q, filters);
      hint.hidden = true;
      if (!q && !Object.keys(filters).length) {
        results = [];
        list.textContent = "";
        status.textContent = "";
        more.hidden = true;
        showCounts(totals);
        return;
      }
      status.textContent = S.search_searching;
      query = words(q);
      var found = await pagefind.search(q ? encodeQuery(q) : null, { filters: filters });
      if (id !== current || !found) return;
      results = found.results;
      if (results.length && !(await everyTermOccurs(encodeQuery(q)))) {
        if (id !== current) return;
        results = [];
        found = { results: [], filters: {} };
      }
      list.textContent = "";
      await showMore(id);
      if (id !== current) return;
      showCounts(found.filters);
      /* Announced once the first results are on the page. */
      var n = results.length;
      if (n === 0) {
        status.textContent = q ? fill(S.search_none, { q: q }) : S.search_none_filters;
        hint.textContent = suggestion(q, filters);
        hint.hidden = false;
      } else {
        status.textContent = n === 1 ? S.search_count_one : fill(S.search_count, { n: n });
      }
    }

    var totals = {};

    async function buildFilters() {
      totals = await pagefind.filters();
      var lang = document.documentElement.lang || undefined;
      FILTERS.forEach(function (name) {
        var counts = totals[name] || {};
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
          counters[name + ":" + value] = count;
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
