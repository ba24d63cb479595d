/* Library uploads: one request per file so that each file has its own progress bar, errors
   told per file, then the list of documents refreshed. Without JavaScript the same form posts
   every file at once and the page reloads with messages. */
(function () {
  "use strict";

  var english = document.documentElement.lang === "en";
  function t(french, englishText) { return english ? englishText : french; }

  function announce(message) {
    var region = document.getElementById("live-region");
    if (!region) return;
    region.textContent = "";
    window.setTimeout(function () { region.textContent = message; }, 50);
  }

  function setupForm(form) {
    var input = form.querySelector("input[type=file]");
    var list = form.querySelector("[data-upload-list]");
    var zone = form.querySelector("[data-upload-zone]");
    var single = form.hasAttribute("data-upload-single");
    var holder = form.closest("[data-upload-max]");
    var maxSize = holder ? parseInt(holder.getAttribute("data-upload-max"), 10) : 0;
    var token = form.querySelector("[name=csrfmiddlewaretoken]").value;
    if (!input || !list) return;

    function row(file) {
      var item = document.createElement("li");
      item.className = "upload__item";
      var name = document.createElement("span");
      name.className = "upload__name";
      name.textContent = file.name;
      var progress = document.createElement("progress");
      progress.max = 100;
      progress.value = 0;
      progress.setAttribute("aria-label", t("Progression du dépôt de ", "Upload progress of ") + file.name);
      var status = document.createElement("span");
      status.className = "upload__status";
      status.textContent = t("En attente…", "Waiting…");
      item.appendChild(name);
      item.appendChild(progress);
      item.appendChild(status);
      list.appendChild(item);
      return { item: item, progress: progress, status: status };
    }

    function fail(parts, message) {
      parts.item.classList.add("upload__item--error");
      parts.status.textContent = message;
      parts.progress.value = 0;
    }

    function send(file) {
      var parts = row(file);
      if (maxSize && file.size > maxSize) {
        fail(parts, t("Le fichier dépasse la taille maximale autorisée.", "The file is larger than the maximum allowed size."));
        return Promise.resolve(false);
      }
      return new Promise(function (resolve) {
        var data = new FormData();
        data.append("csrfmiddlewaretoken", token);
        var submission = form.querySelector("input[name=submission]");
        if (submission) data.append("submission", submission.value);
        data.append(single ? "file" : "files", file, file.name);
        form.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
          data.append(box.name, box.value);
        });
        var request = new XMLHttpRequest();
        request.open("POST", form.action);
        request.setRequestHeader("Accept", "application/json");
        request.setRequestHeader("X-CSRFToken", token);
        parts.status.textContent = t("Envoi…", "Sending…");
        request.upload.addEventListener("progress", function (event) {
          if (event.lengthComputable) {
            parts.progress.value = Math.round((event.loaded / event.total) * 100);
          }
        });
        request.addEventListener("load", function () {
          var body = null;
          try { body = JSON.parse(request.responseText); } catch (error) { body = null; }
          if (request.status >= 200 && request.status < 300 && body) {
            parts.progress.value = 100;
            parts.item.classList.add("upload__item--done");
            parts.status.textContent = t("Déposé", "Uploaded");
            var created = body.documents && body.documents[0];
            var url = created ? created.url : body.url;
            if (url) {
              var link = document.createElement("a");
              link.href = url;
              link.textContent = t("Voir le document", "View the document");
              parts.item.appendChild(link);
            }
            resolve(true);
          } else {
            var message = body && body.errors && body.errors.length
              ? body.errors[0].message
              : t("Le dépôt a échoué. Réessayez.", "The upload failed. Please try again.");
            fail(parts, message);
            resolve(false);
          }
        });
        request.addEventListener("error", function () {
          fail(parts, t("Le serveur est injoignable. Vérifiez votre connexion.", "The server cannot be reached. Check your connection."));
          resolve(false);
        });
        request.send(data);
      });
    }

    function sendAll(files) {
      var results = [];
      var chain = Promise.resolve();
      files.forEach(function (file) {
        chain = chain.then(function () { return send(file); }).then(function (ok) { results.push(ok); });
      });
      return chain.then(function () {
        var done = results.filter(Boolean).length;
        var failed = results.length - done;
        var summary = english
          ? done + " file(s) uploaded" + (failed ? ", " + failed + " refused." : ".")
          : done + " fichier(s) déposé(s)" + (failed ? ", " + failed + " refusé(s)." : ".");
        if (!done) {
          announce(summary);
        } else if (single) {
          announce(summary);
          window.setTimeout(function () { window.location.reload(); }, 800);
        } else if (window.htmx && document.getElementById("library-results")) {
          // Said once the list is refreshed, so that the new count does not cover it.
          window.htmx.ajax("GET", window.location.href, { target: "#library-results", swap: "outerHTML" })
            .then(function () { window.setTimeout(function () { announce(summary); }, 150); });
        } else {
          announce(summary);
        }
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();  // sent file by file below; an empty form is never posted
      if (!input.files || !input.files.length) {
        announce(t("Choisissez au moins un fichier.", "Choose at least one file."));
        input.focus();
        return;
      }
      var files = Array.prototype.slice.call(input.files, 0, single ? 1 : undefined);
      input.value = "";
      sendAll(files);
    });
    if (!single) {
      // Files are sent as soon as they are chosen: the button, needed without JavaScript, could
      // only post an empty form afterwards.
      var submit = form.querySelector("[type=submit]");
      if (submit) submit.hidden = true;
      input.addEventListener("change", function () {
        if (input.files && input.files.length) form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit", { cancelable: true }));
      });
    }
    if (zone) {
      ["dragenter", "dragover"].forEach(function (name) {
        zone.addEventListener(name, function (event) {
          event.preventDefault();
          zone.classList.add("upload__zone--active");
        });
      });
      ["dragleave", "drop"].forEach(function (name) {
        zone.addEventListener(name, function () { zone.classList.remove("upload__zone--active"); });
      });
      zone.addEventListener("drop", function (event) {
        event.preventDefault();
        var files = event.dataTransfer && event.dataTransfer.files;
        if (files && files.length) sendAll(Array.prototype.slice.call(files));
      });
    }
  }

  document.querySelectorAll("form[data-upload]").forEach(setupForm);
})();
