/* @mentions in comment boxes: typing « @ » and two letters lists colleagues who may see the
   page (the server chooses them); ArrowDown/ArrowUp move through the list, Enter or Tab
   inserts « @prenom.nom », Escape closes it. Without JavaScript, people type @prenom.nom
   themselves: the server recognises it the same way. */
(function () {
  "use strict";

  var DELAY = 200;
  var MENTION = /(^|[\s(])@([A-Za-z0-9À-ÿ._+-]{2,40})$/;
  var counter = 0;

  function setUp(textarea) {
    if (textarea.dataset.mentionsReady) return;
    textarea.dataset.mentionsReady = "1";
    counter += 1;
    var box = document.createElement("div");
    box.className = "mention-box";
    var listbox = document.createElement("ul");
    listbox.id = "mention-list-" + counter;
    listbox.className = "combobox__list mention-box__list";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", document.documentElement.lang === "en" ? "Colleagues" : "Collègues");
    listbox.hidden = true;
    var status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    box.appendChild(listbox);
    box.appendChild(status);
    textarea.insertAdjacentElement("afterend", box);
    textarea.setAttribute("aria-autocomplete", "list");
    textarea.setAttribute("aria-controls", listbox.id);

    var timer = null;
    var controller = null;
    var active = -1;
    var pending = null; // { start, end } of the « @xx » being typed

    function options() { return listbox.querySelectorAll('[role="option"]'); }

    function close() {
      listbox.hidden = true;
      listbox.innerHTML = "";
      textarea.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function choose(index) {
      var all = options();
      if (!all.length) return;
      active = (index + all.length) % all.length;
      all.forEach(function (option, position) {
        option.setAttribute("aria-selected", position === active ? "true" : "false");
      });
      textarea.setAttribute("aria-activedescendant", all[active].id);
    }

    function insert(option) {
      if (!option || !pending) return;
      var text = textarea.value;
      var handle = "@" + option.dataset.handle + " ";
      textarea.value = text.slice(0, pending.start) + handle + text.slice(pending.end);
      var caret = pending.start + handle.length;
      textarea.setSelectionRange(caret, caret);
      status.textContent = (document.documentElement.lang === "en" ? "Mentioned: " : "Mentionné\u00a0: ") + option.textContent.trim();
      close();
      textarea.focus();
    }

    function ask() {
      var before = textarea.value.slice(0, textarea.selectionStart);
      var match = MENTION.exec(before);
      if (controller) controller.abort();
      if (!match) { pending = null; close(); return; }
      pending = { start: before.length - match[2].length - 1, end: before.length };
      controller = new AbortController();
      fetch(textarea.dataset.mentionUrl + "&q=" + encodeURIComponent(match[2]), {
        signal: controller.signal,
        headers: { "X-Requested-With": "fetch" },
      })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.text();
        })
        .then(function (html) {
          listbox.innerHTML = html;
          options().forEach(function (option, position) {
            option.id = listbox.id + "-" + position;
          });
          active = -1;
          textarea.removeAttribute("aria-activedescendant");
          listbox.hidden = options().length === 0;
          var first = listbox.firstElementChild;
          status.textContent = first ? first.dataset.announce || "" : "";
        })
        .catch(function (error) { if (error.name !== "AbortError") close(); });
    }

    textarea.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, DELAY);
    });

    textarea.addEventListener("keydown", function (event) {
      if (listbox.hidden) return;
      if (event.key === "ArrowDown") { event.preventDefault(); choose(active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); choose(active - 1); }
      else if ((event.key === "Enter" || event.key === "Tab") && active >= 0) {
        event.preventDefault();
        insert(options()[active]);
      } else if (event.key === "Escape") { event.preventDefault(); close(); }
    });

    textarea.addEventListener("blur", function () {
      window.setTimeout(function () { if (document.activeElement !== textarea) close(); }, 150);
    });
    listbox.addEventListener("mousedown", function (event) {
      if (event.target.closest('[role="option"]')) event.preventDefault();
    });
    listbox.addEventListener("click", function (event) {
      insert(event.target.closest('[role="option"]'));
    });
  }

  function scan(root) {
    (root || document).querySelectorAll("textarea[data-mention-url]").forEach(setUp);
  }
  scan(document);
  // Forms swapped in by htmx (a reply form, an edit form) get the same help.
  document.addEventListener("htmx:load", function (event) { scan(event.detail.elt.parentNode || document); });
})();
