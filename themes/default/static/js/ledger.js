/* The ledger table without a server: filter by state or text, sort by any column (the rows, grouped
   under their section headings, then form one sorted list). The full table is readable without this script; the controls appear only with it. */
(function () {
  "use strict";

  function cellText(row, index) { return row.cells[index].textContent.trim(); }

  function itemRows(body) { return Array.prototype.filter.call(body.rows, function (r) { return r.classList.contains("item-row"); }); }

  function compare(kind, a, b) {
    if (kind === "number") return Number(a) - Number(b);
    return a.localeCompare(b, document.documentElement.lang || "zh-CN");
  }

  function makeSortable(table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        /* Sorted, the rows form one list: the section headings step aside until the page is reloaded. */
        var rows = [], first = table.tBodies[0];
        Array.prototype.forEach.call(table.tBodies, function (body) { rows = rows.concat(itemRows(body)); });
        rows.sort(function (r1, r2) {
          var c = compare(th.getAttribute("data-sort"), cellText(r1, index), cellText(r2, index));
          return ascending ? c : -c;
        });
        rows.forEach(function (r) { first.appendChild(r); });
        table.setAttribute("data-sorted", "");
        Array.prototype.forEach.call(table.querySelectorAll(".group-row"), function (g) { g.hidden = true; });
      });
    });
  }

  function makeFilterable(table, form) {
    var state = form.elements.state, query = form.elements.q, output = form.querySelector("output");
    var template = table.getAttribute("data-count-template");
    function apply() {
      var shown = 0, total = 0, q = query.value.trim();
      Array.prototype.forEach.call(table.tBodies, function (body) {
        var rows = itemRows(body), inGroup = 0;
        for (var i = 0; i < rows.length; i++) {
          var row = rows[i], s = state.value, ok = true;
          if (s === "overdue") ok = row.hasAttribute("data-overdue");
          else if (s) ok = row.getAttribute("data-state") === s;
          if (ok && q) ok = row.textContent.indexOf(q) >= 0;
          row.hidden = !ok;
          if (ok) inGroup++;
        }
        var heading = body.querySelector(".group-row");
        if (heading) heading.hidden = inGroup === 0 || table.hasAttribute("data-sorted");
        shown += inGroup;
        total += rows.length;
      });
      output.textContent = template.replace("{shown}", shown).replace("{total}", total);
    }
    state.addEventListener("change", apply);
    query.addEventListener("input", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.hidden = false;
    apply();
  }

  function run() {
    var table = document.querySelector("[data-ledger]"), form = document.querySelector("[data-ledger-filter]");
    if (!table) return;
    makeSortable(table);
    if (form) makeFilterable(table, form);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
}());
