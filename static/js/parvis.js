/* Parvis: small enhancements on top of pages that work without JavaScript. No inline script
   anywhere, so the Content Security Policy can forbid them. */
(function () {
  "use strict";

  function announce(message) {
    var region = document.getElementById("live-region");
    if (!region) return;
    region.textContent = "";
    window.setTimeout(function () { region.textContent = message; }, 50);
  }

  // "Load more": remember how many cards there were, then move focus to the first new one.
  var cardsBefore = 0;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var list = document.getElementById("news-list");
    if (list && event.detail.elt && event.detail.elt.classList.contains("pager__more")) {
      cardsBefore = list.querySelectorAll(".news-card").length;
    }
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    if (!target) return;
    if (target.id === "news-more") {
      var cards = document.querySelectorAll("#news-list .news-card");
      var added = cards.length - cardsBefore;
      if (added > 0) {
        cards[cardsBefore].focus();
        announce(document.documentElement.lang === "en"
          ? added + " more news items loaded."
          : added + " actualités supplémentaires affichées.");
      }
    } else if (target.id === "news-results" || target.id === "library-results" || target.id === "search-results") {
      var status = target.querySelector(".results-count");
      if (status) announce(status.textContent.trim());
    }
  });

  document.addEventListener("htmx:responseError", function () {
    announce(document.documentElement.lang === "en"
      ? "The page could not be updated. Please try again."
      : "La page n'a pas pu être mise à jour. Réessayez.");
  });
  document.addEventListener("htmx:sendError", function () {
    announce(document.documentElement.lang === "en"
      ? "The server cannot be reached. Check your connection."
      : "Le serveur est injoignable. Vérifiez votre connexion.");
  });

  // Language switch: submit as soon as a language is chosen (the button stays for no-JS).
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "language-select") {
      event.target.form.submit();
    }
  });
})();

/* After any htmx swap: announce what the server marked with data-announce (« Votre commentaire
   est publié. »), and move focus to an element marked data-focus, so that keyboard and screen
   reader users know what changed and stay where they were working. */
(function () {
  "use strict";

  function announce(message) {
    var region = document.getElementById("live-region");
    if (!region || !message) return;
    region.textContent = "";
    window.setTimeout(function () { region.textContent = message; }, 50);
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    var scope = event.detail.elt && event.detail.elt.isConnected ? event.detail.elt.parentNode || document : document;
    var spoken = document.querySelectorAll("[data-announce]");
    var message = "";
    spoken.forEach(function (element) {
      if (element.dataset.announced) return;
      element.dataset.announced = "1";
      if (element.closest(".combobox, .mention-box")) return;
      message = element.dataset.announce;
    });
    var focus = (scope.querySelector ? scope : document).querySelector("[data-focus]") || document.querySelector("[data-focus]");
    // A status message that receives the focus is read out as it is; the live region would
    // repeat it. Anything else focused (a list item, a button) is announced as well.
    var readByFocus = focus && focus.dataset.announce === message && focus.matches("[role=status], [role=alert]");
    if (!readByFocus) announce(message);
    if (focus) {
      focus.removeAttribute("data-focus");
      if (!focus.hasAttribute("tabindex")) focus.setAttribute("tabindex", "-1");
      focus.focus();
    }
  });

  // Elements present when the page loads were not announced: mark them as such; and a
  // data-focus there is not for a later swap (the bell's refresh) to act on.
  document.querySelectorAll("[data-announce]").forEach(function (element) {
    element.dataset.announced = "1";
  });
  document.querySelectorAll("[data-focus]").forEach(function (element) {
    element.removeAttribute("data-focus");
  });
})();

/* Forms that destroy something ask first (data-confirm); without JavaScript they submit. */
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form && form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});

// The main menu on a phone: a disclosure button (shown only with JavaScript; without it the
// menu is simply open). Escape closes it and gives the focus back to the button.
(function () {
  "use strict";
  var button = document.querySelector(".menu-button");
  var nav = document.getElementById("main-nav");
  if (!button || !nav) return;
  button.hidden = false;
  nav.classList.add("is-collapsible");
  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    nav.classList.toggle("is-open", open);
  }
  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
    if (nav.classList.contains("is-open")) {
      var first = nav.querySelector("a, button");
      if (first) first.focus();
    }
  });
  nav.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && nav.classList.contains("is-open")) {
      setOpen(false);
      button.focus();
    }
  });
})();
