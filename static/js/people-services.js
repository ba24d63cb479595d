/* The admin's tree of services: a service dragged onto another is attached to it, with its
   sub-tree; dropped on « Haut de l'organigramme », it is detached. The server refuses a move
   under the service's own sub-tree and says why. Each service's « Déplacer » link does the same
   by keyboard or without JavaScript. */
(function () {
  "use strict";

  var tree = document.getElementById("service-tree");
  var said = document.getElementById("service-tree-said");
  if (!tree) return;
  var moveUrl = tree.dataset.moveUrl; // …/0/deplacer/: 0 is replaced by the service's id
  var dragged = null;

  function csrfToken() {
    var field = tree.querySelector("[name=csrfmiddlewaretoken]"); // the cookie is HttpOnly
    return field ? field.value : "";
  }

  function target(event) {
    return event.target.closest ? event.target.closest("[data-service], [data-drop-root]") : null;
  }

  function clearTargets() {
    tree.querySelectorAll(".is-drop-target").forEach(function (element) {
      element.classList.remove("is-drop-target");
    });
  }

  function move(serviceId, parentId) {
    var body = new URLSearchParams();
    body.set("parent", parentId || "");
    return fetch(moveUrl.replace("/0/", "/" + serviceId + "/"), {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
      body: body,
    }).then(function (answer) {
      return answer.json().then(function (data) {
        return { ok: answer.ok && data.ok, message: data.message };
      });
    });
  }

  tree.addEventListener("dragstart", function (event) {
    dragged = event.target.closest && event.target.closest("[data-service]");
    if (!dragged) return;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.dataset.service);
    dragged.classList.add("is-dragging");
  });

  tree.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("is-dragging");
    dragged = null;
    clearTargets();
  });

  tree.addEventListener("dragover", function (event) {
    var over = target(event);
    if (!dragged || !over || over === dragged) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    clearTargets();
    over.classList.add("is-drop-target");
  });

  tree.addEventListener("drop", function (event) {
    var over = target(event);
    if (!dragged || !over || over === dragged) return;
    event.preventDefault();
    var serviceId = dragged.dataset.service;
    var parentId = over.hasAttribute("data-drop-root") ? "" : over.dataset.service;
    clearTargets();
    move(serviceId, parentId)
      .then(function (result) {
        said.textContent = result.message;
        if (result.ok) {
          window.location.hash = "service-" + serviceId;
          window.location.reload();
        } else {
          window.alert(result.message);
        }
      })
      .catch(function () {
        said.textContent = tree.dataset.failed;
        window.alert(tree.dataset.failed);
      });
  });
})();
