/* Progressive enhancement: recompute each disclosure state and overdue flag at view time, so a page
   built days ago does not lie. Without this script the build-time state shows, with its date. */
(function () {
  "use strict";
  var DAY = 86400000;

  function offsetMs(iso) {
    var m = /([+-])(\d\d):(\d\d)$/.exec(iso);
    if (!m) return 0;
    var v = (Number(m[2]) * 60 + Number(m[3])) * 60000;
    return m[1] === "-" ? -v : v;
  }

  /* Whole days since the epoch of an instant, counted in the site's time zone. */
  function dayNumber(ms, offset) { return Math.floor((ms + offset) / DAY); }

  function fill(template, days) { return template.replace("{days}", String(days)); }

  function update(el, strings, now) {
    /* A withdrawn notice is never open, whatever the clock says (its article carries data-withdrawn;
       the build writes no period data for it, this guards templates that do). */
    if (el.closest && el.closest("[data-withdrawn]")) return;
    var startIso = el.getAttribute("data-start"), endIso = el.getAttribute("data-end");
    var start = Date.parse(startIso), end = Date.parse(endIso);
    if (isNaN(start) || isNaN(end)) return;
    var off = offsetMs(startIso), today = dayNumber(now, off), state, text;
    if (now < start) {
      var until = dayNumber(start, off) - today;
      state = "upcoming";
      text = until === 0 ? strings.upcoming_today : fill(strings.upcoming, until);
    } else if (now < end) {
      var left = dayNumber(end - 1, off) - today + 1;
      state = "open";
      text = left === 1 ? strings.open_last : fill(strings.open, left);
    } else {
      state = "closed";
      text = strings.closed;
    }
    el.className = el.className.replace(/\bstate-\w+/, "state-" + state) + (/\blive\b/.test(el.className) ? "" : " live");
    var label = el.querySelector(".state-label");
    if (label) label.textContent = text;
    var banner = el.closest ? el.closest(".period-banner") : null;
    if (banner) banner.className = banner.className.replace(/\bstate-\w+/, "state-" + state);
  }

  function flagOverdue(now) {
    var flags = document.querySelectorAll(".overdue[data-deadline]");
    for (var i = 0; i < flags.length; i++) {
      var el = flags[i];
      var startIso = document.querySelector("[data-period]");
      var off = startIso ? offsetMs(startIso.getAttribute("data-start")) : 8 * 3600000;
      var deadline = Date.parse(el.getAttribute("data-deadline") + "T00:00:00Z");
      el.hidden = !(dayNumber(now, off) > Math.floor(deadline / DAY));
    }
  }

  function run() {
    var holder = document.getElementById("gongshi-strings");
    if (!holder) return;
    var strings = JSON.parse(holder.textContent), now = Date.now();
    var els = document.querySelectorAll("[data-period]");
    for (var i = 0; i < els.length; i++) update(els[i], strings, now);
    flagOverdue(now);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
}());
