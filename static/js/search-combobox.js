/* The header search box as an ARIA 1.2 combobox with a list of suggested titles.

   Typing two characters or more asks the server (after a pause) for titles the reader may
   see; ArrowDown/ArrowUp move through them (aria-activedescendant), Enter opens the one
   chosen (or searches what was typed), Escape closes the list. The number of suggestions is
   announced in a polite live region. Without JavaScript the box is a plain search form. */
(function () {
  "use strict";

  var DELAY = 200;
  var MIN_LENGTH = 2;

  function setUp(input) {
    var listbox = document.getElementById(input.getAttribute("aria-controls"));
    var status = document.getElementById(input.dataset.status);
    var url = input.dataset.suggestUrl;
    var timer = null;
    var controller = null;
    var active = -1;

    function options() {
      return listbox.querySelectorAll('[role="option"]');
    }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function say(text) {
      if (status) status.textContent = text;
    }

    function choose(index) {
      var all = options();
      if (!all.length) return;
      active = (index + all.length) % all.length;
      all.forEach(function (option, position) {
        option.setAttribute("aria-selected", position === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }

    function fill(html) {
      listbox.innerHTML = html;
      var count = options().length;
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (count) {
        listbox.hidden = false;
        input.setAttribute("aria-expanded", "true");
      } else {
        close();
      }
      say(listbox.firstElementChild ? listbox.firstElementChild.dataset.announce || "" : "");
    }

    function ask() {
      var text = input.value.trim();
      if (controller) controller.abort();
      if (text.length < MIN_LENGTH) {
        close();
        return;
      }
      controller = new AbortController();
      fetch(url + "?q=" + encodeURIComponent(text), {
        signal: controller.signal,
        headers: { "X-Requested-With": "fetch" },
      })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.text();
        })
        .then(fill)
        .catch(function (error) {
          if (error.name !== "AbortError") close();
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, DELAY);
    });

    input.addEventListener("keydown", function (event) {
      var open = !listbox.hidden;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open && options().length) {
          listbox.hidden = false;
          input.setAttribute("aria-expanded", "true");
        }
        choose(active + 1);
      } else if (event.key === "ArrowUp") {
        if (!open) return;
        event.preventDefault();
        choose(active - 1);
      } else if (event.key === "Enter") {
        if (open && active >= 0) {
          event.preventDefault();
          var link = options()[active].querySelector("a");
          if (link) follow(link);
        }
      } else if (event.key === "Escape") {
        if (open) {
          event.preventDefault();
          close();
        }
      }
    });

    input.addEventListener("blur", function () {
      // Let a click on a suggestion land before the list goes away.
      window.setTimeout(function () {
        if (!listbox.contains(document.activeElement)) close();
      }, 150);
    });

    listbox.addEventListener("mousedown", function (event) {
      // Keep focus in the box while a suggestion is clicked.
      if (event.target.closest('[role="option"]')) event.preventDefault();
    });
    listbox.addEventListener("click", function (event) {
      var option = event.target.closest('[role="option"]');
      var link = option && option.querySelector("a");
      if (link && event.target !== link) follow(link);
    });
  }

  function follow(link) {
    // Counted as an opening (static/js/search-clicks.js), then followed.
    if (window.Parvis && window.Parvis.recordSearchOpening) window.Parvis.recordSearchOpening(link);
    window.location.assign(link.href);
  }

  document.querySelectorAll("input[data-suggest-url]").forEach(setUp);
})();
