/* Shared tablets (kiosk mode): after the device's idle time without a touch, a key or a
   scroll, go to the login page, which signs the person out (the server also ends the session
   at its next request past that time). */
(function () {
  "use strict";
  var banner = document.querySelector("[data-kiosk-idle]");
  if (!banner) return;
  var limit = Number(banner.dataset.kioskIdle) * 1000;
  var exit = banner.dataset.kioskExit;
  if (!limit || window.location.pathname === exit) return;
  var timer;
  function restart() {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { window.location.assign(exit); }, limit);
  }
  ["pointerdown", "keydown", "scroll", "touchstart"].forEach(function (name) {
    window.addEventListener(name, restart, { passive: true });
  });
  restart();
})();
