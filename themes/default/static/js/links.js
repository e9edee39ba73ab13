/* A page opened straight from disk (file://) shows a file listing for a link to a folder
   (notices/x/) instead of the folder's page: point such links and forms at index.html.
   Served over http this script does nothing. */
(function () {
  "use strict";
  if (location.protocol !== "file:") return;

  function toIndex(address) {
    var url = new URL(address, location.href);
    if (url.protocol !== "file:" || !/\/$/.test(url.pathname)) return null;
    url.pathname += "index.html";
    return url.href;
  }

  function run() {
    document.querySelectorAll("a[href]").forEach(function (a) {
      var fixed = toIndex(a.getAttribute("href"));
      if (fixed) a.href = fixed;
    });
    document.querySelectorAll("form[action]").forEach(function (form) {
      var fixed = toIndex(form.getAttribute("action"));
      if (fixed) form.action = fixed;
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
}());
