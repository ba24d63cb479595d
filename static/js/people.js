/* People: the card that opens on a person's name (hover or keyboard focus), the org chart's
   filter and "expand all", the print button. Without JavaScript, a name is a link to the
   profile, the chart is nested lists, and printing is the browser's. */
(function () {
  "use strict";

  var DELAY = 400;
  var popup = null;
  var owner = null;
  var timer = null;
  var cache = {};

  function close() {
    window.clearTimeout(timer);
    if (popup) popup.remove();
    if (owner) owner.removeAttribute("aria-describedby");
    popup = null;
    owner = null;
  }

  function place(link, html) {
    close();
    owner = link;
    popup = document.createElement("div");
    popup.id = "person-card-popup";
    popup.setAttribute("role", "tooltip");
    popup.innerHTML = html;
    var card = popup.firstElementChild || popup;
    var box = link.getBoundingClientRect();
    card.style.top = window.scrollY + box.bottom + 6 + "px";
    card.style.left = Math.max(8, Math.min(window.scrollX + box.left, window.scrollX + document.documentElement.clientWidth - 360)) + "px";
    document.body.appendChild(popup);
    link.setAttribute("aria-describedby", popup.id);
    // WCAG 1.4.13: the card stays while the pointer is over it.
    popup.addEventListener("mouseenter", function () { window.clearTimeout(timer); });
    popup.addEventListener("mouseleave", scheduleClose);
  }

  function open(link) {
    var url = link.getAttribute("data-card-url");
    if (!url) return;
    if (cache[url]) { place(link, cache[url]); return; }
    fetch(url, { headers: { "HX-Request": "true" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        if (!html) return;
        cache[url] = html;
        if (document.activeElement === link || link.matches(":hover")) place(link, html);
      })
      .catch(function () {});
  }

  function schedule(link) {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { open(link); }, DELAY);
  }

  function scheduleClose() {
    window.clearTimeout(timer);
    timer = window.setTimeout(close, DELAY);
  }

  function personLink(target) {
    return target && target.closest ? target.closest("a.person-link[data-card-url]") : null;
  }

  document.addEventListener("mouseover", function (event) {
    var link = personLink(event.target);
    if (link && link !== owner) schedule(link);
  });
  document.addEventListener("mouseout", function (event) {
    if (personLink(event.target)) scheduleClose();
  });
  document.addEventListener("focusin", function (event) {
    var link = personLink(event.target);
    if (link) schedule(link);
    else if (!popup || !popup.contains(event.target)) close();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && popup) close();
  });

  // The org chart: filter services by name or acronym, expand or fold everything.
  var filter = document.getElementById("org-filter");
  if (filter) {
    var nodes = Array.prototype.slice.call(document.querySelectorAll(".org-node"));
    var status = document.getElementById("org-filter-status");
    var fold = function (text) {
      return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    };
    filter.form.addEventListener("submit", function (event) { event.preventDefault(); });
    filter.addEventListener("input", function () {
      var typed = fold(filter.value.trim());
      var shown = 0;
      nodes.forEach(function (node) { node.hidden = Boolean(typed); });
      nodes.forEach(function (node) {
        if (!typed || fold(node.getAttribute("data-name")).indexOf(typed) === -1) return;
        shown += 1;
        // The service, the way down to it, and what is under it
        for (var up = node; up && up.classList.contains("org-node"); up = up.parentElement.closest(".org-node")) {
          up.hidden = false;
          up.querySelector("details").open = true;
        }
        node.querySelectorAll(".org-node").forEach(function (child) { child.hidden = false; });
      });
      if (status) {
        var english = document.documentElement.lang === "en";
        status.textContent = typed ? (english ? shown + " services found." : shown + " services trouvés.") : "";
      }
    });
    document.querySelectorAll("[data-org-toggle]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var openAll = button.getAttribute("data-org-toggle") === "open";
        document.querySelectorAll(".org-node > details").forEach(function (details) { details.open = openAll; });
      });
    });
    // A link to a service (#service-rh) opens the way down to it.
    if (window.location.hash) {
      var target = document.getElementById(window.location.hash.slice(1));
      for (var up = target; up && up.classList.contains("org-node"); up = up.parentElement.closest(".org-node")) {
        up.querySelector("details").open = true;
      }
    }
  }

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
