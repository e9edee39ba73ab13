/* The reader's page, enhanced: the 长者模式 toggle, folded boxes on phones (open on wider screens and
   on paper), the print date, and on the index each card moved to the group its state is in at view
   time (period.js, which runs first, has recomputed the states). Without this script every box is
   open, the build-time groups and their "as of" note stay, and nothing is lost. */
(function () {
  "use strict";

  function seniorToggle() {
    var button = document.querySelector("[data-senior-toggle]"), senior = window.gongshiSenior;
    if (!button || !senior) return;
    button.hidden = false;
    button.setAttribute("aria-pressed", String(senior.isOn()));
    button.addEventListener("click", function () {
      senior.set(!senior.isOn());
      button.setAttribute("aria-pressed", String(senior.isOn()));
    });
  }

  function folds() {
    var boxes = document.querySelectorAll("details[data-fold]");
    if (!boxes.length) return;
    var target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    if (window.matchMedia("(max-width: 40rem)").matches) {
      Array.prototype.forEach.call(boxes, function (box) {
        if (!(target && box.contains(target))) box.open = false;
      });
    }
    var closed = [];
    window.addEventListener("beforeprint", function () {
      closed = Array.prototype.filter.call(boxes, function (box) { return !box.open; });
      closed.forEach(function (box) { box.open = true; });
    });
    window.addEventListener("afterprint", function () {
      closed.forEach(function (box) { box.open = false; });
      closed = [];
    });
  }

  function printDate() {
    var slots = document.querySelectorAll("[data-print-date]"), now = new Date();
    Array.prototype.forEach.call(slots, function (slot) {
      var format = slot.getAttribute("data-format") || "{y}-{m}-{d}";
      var months = (slot.getAttribute("data-months") || "").split("|");
      slot.textContent = format.replace("{y}", now.getFullYear()).replace("{m}", now.getMonth() + 1)
        .replace("{d}", now.getDate()).replace("{month}", months[now.getMonth()] || now.getMonth() + 1);
    });
  }

  function stateOf(card) {
    var status = card.querySelector(".period-status.live");
    if (!status) return null;
    var m = /\bstate-(open|upcoming|closed)\b/.exec(status.className);
    return m ? m[1] : null;
  }

  function issued(card) {
    var time = card.querySelector(".card-meta time");
    return time ? time.getAttribute("datetime") : "";
  }

  function regroup() {
    var sections = document.querySelectorAll("[data-group]");
    if (!sections.length) return;
    var groups = {};
    Array.prototype.forEach.call(sections, function (s) {
      groups[s.getAttribute("data-group")] = { section: s, list: s.querySelector(".notice-list"), delta: 0 };
    });
    var cards = document.querySelectorAll(".notice-card[data-state]");
    Array.prototype.forEach.call(cards, function (card) {
      var from = card.getAttribute("data-state"), to = stateOf(card);
      if (!to || to === from || !groups[to] || !groups[from]) return;
      var list = groups[to].list, before = null;
      for (var i = 0; i < list.children.length; i++) {
        if (issued(list.children[i]) < issued(card)) { before = list.children[i]; break; }
      }
      list.insertBefore(card, before);
      card.setAttribute("data-state", to);
      groups[from].delta -= 1;
      groups[to].delta += 1;
    });
    Object.keys(groups).forEach(function (key) {
      var g = groups[key], total = Number(g.section.getAttribute("data-total")) + g.delta;
      var count = g.section.querySelector("h2 .count"), template = g.section.getAttribute("data-count-template");
      if (count && template) count.textContent = template.replace("{n}", String(total));
      g.section.hidden = g.list.children.length === 0;
    });
    var notes = document.querySelectorAll("[data-asof-note]");
    Array.prototype.forEach.call(notes, function (note) { note.hidden = true; });
  }

  function run() {
    seniorToggle();
    folds();
    printDate();
    regroup();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
}());
