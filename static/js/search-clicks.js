/* Openings of search results and suggestions, counted without naming the reader: suggestions
   rank the most opened first (knowledge/search/query.py). Sent with navigator.sendBeacon as the
   link is followed, so the page change is never delayed; nothing is sent anywhere but here. */
(function () {
  "use strict";

  var meta = document.querySelector('meta[name="parvis-search-click"]');
  if (!meta || !navigator.sendBeacon) return;

  function token() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  function recordOpening(link) {
    var item = link && link.getAttribute("data-search-item");
    if (!item) return;
    var data = new FormData();
    data.append("item", item);
    data.append("csrfmiddlewaretoken", token());
    navigator.sendBeacon(meta.getAttribute("content"), data);
  }

  window.Parvis = window.Parvis || {};
  window.Parvis.recordSearchOpening = recordOpening;

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-search-item]");
    if (link) recordOpening(link);
  });
})();
