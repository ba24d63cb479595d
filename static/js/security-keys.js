/* Security keys and passkeys (WebAuthn) as a second factor: registering one in « Sécurité du
   compte », using one on the verification page. The server (django-otp-webauthn) gives the
   options and checks the answer; this file only carries them to the browser and back.
   Messages come from the page (data-* attributes, translated by the server). */
(function () {
  "use strict";

  function toBytes(value) {
    var base64 = value.replace(/-/g, "+").replace(/_/g, "/");
    base64 += "===".slice((base64.length + 3) % 4);
    var text = atob(base64);
    var bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return bytes.buffer;
  }

  function toText(buffer) {
    var bytes = new Uint8Array(buffer);
    var text = "";
    for (var i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function csrfToken() {
    var headers = document.body.getAttribute("hx-headers");
    try { return JSON.parse(headers)["X-CSRFToken"]; } catch (error) { return ""; }
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body || {}),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) throw new Error(data.detail || String(response.status));
        return data;
      });
    });
  }

  function descriptors(list) {
    return (list || []).map(function (item) {
      return Object.assign({}, item, { id: toBytes(item.id) });
    });
  }

  /* The credential as WebAuthn's JSON form names it, with the ceremony's own answer fields. */
  function asJSON(credential, answer) {
    return {
      id: credential.id,
      rawId: toText(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || null,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: Object.assign({ clientDataJSON: toText(credential.response.clientDataJSON) }, answer),
    };
  }

  function register(box) {
    return post(box.dataset.begin).then(function (options) {
      var publicKey = Object.assign({}, options, {
        challenge: toBytes(options.challenge),
        user: Object.assign({}, options.user, { id: toBytes(options.user.id) }),
        excludeCredentials: descriptors(options.excludeCredentials),
      });
      return navigator.credentials.create({ publicKey: publicKey });
    }).then(function (credential) {
      var response = credential.response;
      return post(box.dataset.complete, asJSON(credential, {
        attestationObject: toText(response.attestationObject),
        transports: response.getTransports ? response.getTransports() : [],
      }));
    }).then(function () {
      window.location.assign(box.dataset.done);
    });
  }

  function verify(box) {
    return post(box.dataset.begin).then(function (options) {
      var publicKey = Object.assign({}, options, {
        challenge: toBytes(options.challenge),
        allowCredentials: descriptors(options.allowCredentials),
      });
      return navigator.credentials.get({ publicKey: publicKey });
    }).then(function (credential) {
      var response = credential.response;
      return post(box.dataset.complete, asJSON(credential, {
        authenticatorData: toText(response.authenticatorData),
        signature: toText(response.signature),
        userHandle: response.userHandle ? toText(response.userHandle) : null,
      }));
    }).then(function (data) {
      window.location.assign(data.redirect_url || "/");
    });
  }

  function setUp(box) {
    var button = box.querySelector("[data-security-key-start]");
    var status = box.querySelector("[data-security-key-status]");
    if (!window.PublicKeyCredential || !navigator.credentials) {
      status.textContent = box.dataset.unsupported;
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      status.textContent = box.dataset.working;
      var ceremony = box.dataset.securityKey === "register" ? register : verify;
      ceremony(box).catch(function (error) {
        button.disabled = false;
        status.textContent = error && error.name === "NotAllowedError"
          ? box.dataset.cancelled : box.dataset.error;
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-security-key]").forEach(setUp);
  });
})();
