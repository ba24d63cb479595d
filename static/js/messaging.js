/* A conversation: the newest messages in view, Enter sends (Shift+Enter goes to the line),
   and the box keeps the focus after sending. Without JavaScript the form posts and reloads. */
(function () {
  "use strict";
  function thread() { return document.getElementById("messages"); }

  function nearBottom(element) {
    return element.scrollHeight - element.scrollTop - element.clientHeight < 120;
  }

  function toBottom() {
    var list = thread();
    if (list && !window.location.hash) list.scrollTop = list.scrollHeight;
  }

  document.addEventListener("DOMContentLoaded", toBottom);

  var stick = true;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var list = thread();
    if (list && event.detail.target === list) stick = nearBottom(list);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var list = thread();
    if (list && event.detail.target === list && stick) list.scrollTop = list.scrollHeight;
    var box = document.getElementById("composer-body");
    if (box && event.detail.target && event.detail.target.id === "composer") box.focus();
  });

  document.addEventListener("keydown", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("textarea[data-send-on-enter]")) return;
    if (event.key !== "Enter" || event.shiftKey || event.isComposing) return;
    // A suggestion list of mentions open: Enter chooses the colleague (mentions.js).
    if (box.getAttribute("aria-expanded") === "true") return;
    event.preventDefault();
    if (box.value.trim() && box.form) box.form.requestSubmit();
  });
})();
