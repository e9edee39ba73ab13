/* Progressive enhancement: recompute each disclosure state and overdue flag at view time, so a page
   built days ago does not lie. Without this script the build-time state shows, with its date.

   Days are calendar days in the site's time zone (the page names it), whatever zone the reader's
   device is in and whatever UTC offset daylight saving gives each day: today's date there comes from
   Intl.DateTimeFormat, and the period's first and last day are the dates the build wrote. */
(function () {
  "use strict";
  var DAY = 86400000;
  var formats = {};

  /* A date written as YYYY-MM-DD, as a whole number of days since 1970-01-01. */
  function dayOf(iso) {
    var m = /^(\d{4})-(\d\d)-(\d\d)/.exec(iso || "");
    return m ? Math.round(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY) : NaN;
  }

  /* The date of an instant in a time zone, as YYYY-MM-DD (en-CA writes dates that way). */
  function dateIn(ms, zone) {
    var key = zone || "";
    if (!formats[key]) {
      var options = { year: "numeric", month: "2-digit", day: "2-digit" };
      if (zone) options.timeZone = zone;
      try {
        formats[key] = new Intl.DateTimeFormat("en-CA", options);
      } catch (e) {  // an unknown zone: the device's own
        formats[key] = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit" });
      }
    }
    var parts = formats[key].formatToParts(new Date(ms)), out = {};
    for (var i = 0; i < parts.length; i++) out[parts[i].type] = parts[i].value;
    return out.year + "-" + out.month + "-" + out.day;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
    });
  }

  function update(el, strings, now, zone) {
    /* A withdrawn notice is never open, whatever the clock says (its article carries data-withdrawn;
       the build writes no period data for it, this guards templates that do). */
    if (el.closest && el.closest("[data-withdrawn]")) return;
    var start = Date.parse(el.getAttribute("data-start")), end = Date.parse(el.getAttribute("data-end"));
    var first = dayOf(el.getAttribute("data-first")), last = dayOf(el.getAttribute("data-last"));
    if (isNaN(start) || isNaN(end) || isNaN(first) || isNaN(last)) return;
    var today = dayOf(dateIn(now, el.getAttribute("data-tz") || zone)), state, text;
    if (now < start) {
      var until = first - today;
      state = "upcoming";
      text = until === 0 ? strings.upcoming_today : fill(strings.upcoming, { days: until });
    } else if (now < end) {
      var left = last - today + 1, at = el.getAttribute("data-end-time");
      state = "open";
      if (left === 1) text = at && strings.open_last_at ? fill(strings.open_last_at, { time: at }) : strings.open_last;
      else text = fill(strings.open, { days: left });
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

  function flagOverdue(now, zone) {
    var flags = document.querySelectorAll(".overdue[data-deadline]");
    if (!flags.length) return;
    var today = dayOf(dateIn(now, zone));
    for (var i = 0; i < flags.length; i++) {
      var el = flags[i];
      el.hidden = !(today > dayOf(el.getAttribute("data-deadline")));
    }
  }

  function run() {
    var holder = document.getElementById("gongshi-strings");
    if (!holder) return;
    var strings = JSON.parse(holder.textContent), now = Date.now(), zone = strings.timezone || "Asia/Shanghai";
    var els = document.querySelectorAll("[data-period]");
    for (var i = 0; i < els.length; i++) update(els[i], strings, now, zone);
    flagOverdue(now, zone);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
}());
