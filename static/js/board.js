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

  function setUp(root) {
    var board = root.id === "board" ? root : root.querySelector && root.querySelector("#board");
    if (!board || board.getAttribute("data-editable") !== "true" || !window.Sortable) return;
    board.querySelectorAll("[data-column]").forEach(function (list) {
      if (list.hasAttribute("data-sortable")) return;
      list.setAttribute("data-sortable", "");
      window.Sortable.create(list, {
        group: "project-" + board.getAttribute("data-project"),
        draggable: ".task-card",
        filter: "details, select, input, button",
        preventOnFilter: false,
        animation: 150,
        // On a touch screen a card is dragged after a short press, so a swipe still scrolls
        // from column to column.
        delay: 250,
        delayOnTouchOnly: true,
        ghostClass: "task-card--ghost",
        onEnd: function (event) {
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
            },
          });
        },
      });
    });
  }

  // Keep the focus on the card just moved with the keyboard: its menu, open, once the board is
  // drawn again.
  var focusCard = null;
  document.addEventListener("submit", function (event) {
    var card = event.target.closest && event.target.closest("[data-task]");
    focusCard = card ? card.id : null;
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    if (!focusCard || event.target.id !== "board") return;
    var card = document.getElementById(focusCard);
    focusCard = null;
    if (!card) return;
    var menu = card.querySelector("details");
    if (menu) {
      menu.open = true;
      menu.querySelector("summary").focus();
    }
  });

  document.addEventListener("htmx:load", function (event) {
    setUp(event.detail.elt);
  });
  if (document.readyState !== "loading") setUp(document.body);
  else document.addEventListener("DOMContentLoaded", function () { setUp(document.body); });
})();
