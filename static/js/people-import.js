/* An HR import being read or written by a worker: its status is fetched again every few
   seconds until the worker is done, and the headline said to screen readers. Without
   JavaScript, the page has a link to reload it. */
(function () {
  "use strict";

  var region = document.getElementById("people-import-status");
  var said = document.getElementById("people-import-said");
  if (!region || !region.dataset.poll) return;
  var url = region.dataset.poll;
  var EVERY = 2000;

  function update() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (answer) {
        if (!answer.ok) throw new Error(answer.status);
        return answer.text();
      })
      .then(function (html) {
        region.innerHTML = html;
        var headline = region.querySelector(".people-import-headline");
        if (headline && said) said.textContent = headline.textContent;
        if (headline && headline.hasAttribute("data-working")) window.setTimeout(update, EVERY);
      })
      .catch(function () {
        window.setTimeout(update, EVERY * 5); // the server is busy or restarting: later
      });
  }

  window.setTimeout(update, EVERY);
})();
