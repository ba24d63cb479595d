/* A project's board: cards move by drag and drop (SortableJS, served by Parvis) as well as by
   their « Déplacer » menu, which works without this script (WCAG 2.5.7). A drop sends the
   same form the menu sends (the column, and the card it now follows); the server answers with
   the whole board as it is now, other people's moves included. */
(function () {
  "use strict";

  function previousCard(card) {
    var node = card.previousElementSibling;
    while (node && !node.hasAttribute("data-task")) node = node.previousElementSibling;
    return node;
  }

  var dragging = false;

  // Someone else changed the board (the live stream says so): draw it again, unless a card is
  // being dragged or its menu is in use here (the next move brings the board anyway).
  document.addEventListener("live:board", function (event) {
    var board = document.getElementById("board");
    var data = event.detail || {};
    if (!board || String(data.project) !== board.getAttribute("data-project")) return;
    if (Number(data.version) <= Number(board.getAttribute("data-version"))) return;
    if (dragging || board.querySelector(".task-card__menu:not(:empty)")) return;
    window.htmx.ajax("GET", board.getAttribute("data-url"), { target: "#board", swap: "outerHTML" });
  });

  function setUp(root) {
    var board = root.id === "board" ? root : root.querySelector && root.querySelector("#board");
    if (!board || board.getAttribute("data-editable") !== "true" || !window.Sortable) return;
    board.querySelectorAll("[data-column]").forEach(function (list) {
      if (list.hasAttribute("data-sortable")) return;
      list.setAttribute("data-sortable", "");
      window.Sortable.create(list, {
        group: "project-" + board.getAttribute("data-project"),
        draggable: ".task-card",
        filter: ".task-card__menu, select, input, button",
        preventOnFilter: false,
        animation: 150,
        // On a touch screen a card is dragged after a short press, so a swipe still scrolls
        // from column to column.
        delay: 250,
        delayOnTouchOnly: true,
        ghostClass: "task-card--ghost",
        onStart: function () {
          dragging = true;
        },
        onEnd: function (event) {
          dragging = false;
          if (event.from === event.to && event.oldIndex === event.newIndex) return;
          var card = event.item;
          var previous = previousCard(card);
          window.htmx.ajax("POST", card.getAttribute("data-move-url"), {
            source: card,
            target: "#board",
            swap: "outerHTML",
            values: {
              colonne: event.to.getAttribute("data-column"),
              apres: previous ? previous.getAttribute("data-task") : "",
              tableau: board.getAttribute("data-version"),
            },
          });
        },
      });
    });
  }

  // The card's « Déplacer… » menu, loaded by htmx: the focus goes to its first button. After
  // a move from it, the board is drawn again and the focus comes back to the card's link.
  var focusCard = null;
  document.addEventListener("submit", function (event) {
    var card = event.target.closest && event.target.closest("[data-task]");
    focusCard = card ? card.id : null;
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.target;
    if (target.classList && target.classList.contains("task-card__menu")) {
      var first = target.querySelector("button, select");
      if (first) first.focus();
      return;
    }
    if (!focusCard || target.id !== "board") return;
    var card = document.getElementById(focusCard);
    focusCard = null;
    var link = card && card.querySelector(".task-card__move");
    if (link) link.focus();
  });

  // A drop the server took while the board shown was the latest: it answers with the new
  // version only (the board already shows the drop).
  document.addEventListener("boardVersion", function (event) {
    var board = document.getElementById("board");
    if (board && event.detail && event.detail.version) {
      board.setAttribute("data-version", String(event.detail.version));
    }
  });
  // A drop the server refused (the card was moved or archived meanwhile, the project
  // archived…): its message is read out and the board is drawn again as it is.
  document.addEventListener("htmx:responseError", function (event) {
    var board = document.getElementById("board");
    var path = event.detail.requestConfig && event.detail.requestConfig.path;
    if (!board || !path || path.indexOf("/deplacer/") === -1) return;
    var message = document.createElement("div");
    message.innerHTML = event.detail.xhr.responseText;
    var status = document.getElementById("board-status");
    window.htmx.ajax("GET", board.getAttribute("data-url"), {
      target: "#board",
      swap: "outerHTML",
    }).then(function () {
      status = document.getElementById("board-status");
      if (status) status.textContent = message.textContent.trim();
    });
    if (status) status.textContent = message.textContent.trim();
  });

  document.addEventListener("htmx:load", function (event) {
    setUp(event.detail.elt);
  });
  if (document.readyState !== "loading") setUp(document.body);
  else document.addEventListener("DOMContentLoaded", function () { setUp(document.body); });
})();
