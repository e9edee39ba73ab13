/* 长者模式 (large text, high contrast), switched on before the page is drawn: from a ?large address
   (which also remembers it) or from the choice kept in localStorage. reader.js wires the toggle.
   Without this script the same style sheet is offered as an alternate page style. */
(function () {
  "use strict";
  var KEY = "gongshi-senior";

  function store(on) {
    try {
      if (on) localStorage.setItem(KEY, "1");
      else localStorage.removeItem(KEY);
    } catch (e) { /* storage refused (private mode): the choice lasts for this page only */ }
  }

  function apply(on) {
    document.documentElement.classList.toggle("senior", on);
    var link = document.querySelector("link[data-senior-css]");
    if (link) {
      link.rel = on ? "stylesheet" : "alternate stylesheet";
      link.disabled = !on;
    }
  }

  var query = location.search, on;
  if (/[?&]large=(0|off)\b/.test(query)) { on = false; store(false); }
  else if (/[?&]large\b/.test(query)) { on = true; store(true); }
  else {
    try { on = localStorage.getItem(KEY) === "1"; } catch (e) { on = false; }
  }
  apply(on);

  window.gongshiSenior = {
    isOn: function () { return document.documentElement.classList.contains("senior"); },
    set: function (value) { store(value); apply(value); }
  };
}());
