/* Live updates: one stream per tab (Server-Sent Events, data-live-url on <body>), whose events
   become DOM events on <body> that htmx elements listen to ("live:messages from:body",
   "live:conversation-12 from:body", "live:notifications from:body"). The elements then fetch
   what changed through the ordinary pages: an event is only a hint.
   No stream (make run), or the stream down: "live:poll" is fired every few seconds instead (the
   smallest data-live-poll on the page), and a discreet notice says so (#live-notice). When the
   stream opens again, polling stops and one "live:poll" catches up on anything missed. The
   browser's EventSource resends Last-Event-ID by itself when it reconnects. */
(function () {
  "use strict";
  var body = document.body;
  if (!body || !("liveUrl" in body.dataset)) return;
  var url = body.dataset.liveUrl;
  var pollTimer = null;
  var source = null;

  function fire(name) {
    body.dispatchEvent(new CustomEvent(name, { bubbles: true }));
  }

  function pollSeconds() {
    var seconds = parseFloat(body.dataset.livePoll) || 20;
    document.querySelectorAll("[data-live-poll]").forEach(function (element) {
      var value = parseFloat(element.dataset.livePoll);
      if (value && value < seconds) seconds = value;
    });
    return Math.max(seconds, 1);
  }

  function notice(show) {
    var element = document.getElementById("live-notice");
    if (element && url) element.hidden = !show;
  }

  function startPolling() {
    notice(true);
    if (pollTimer) return;
    pollTimer = window.setInterval(function () {
      if (!document.hidden) fire("live:poll");
    }, pollSeconds() * 1000);
  }

  function stopPolling() {
    notice(false);
    if (pollTimer) window.clearInterval(pollTimer);
    pollTimer = null;
  }

  function connect() {
    if (!url || !window.EventSource) {
      startPolling();
      return;
    }
    source = new EventSource(url);
    body.dataset.liveState = "connecting";
    source.addEventListener("open", function () {
      body.dataset.liveState = "open";
      stopPolling();
      fire("live:poll");
    });
    source.addEventListener("error", function () {
      body.dataset.liveState = "down";
      startPolling();
      if (source.readyState === EventSource.CLOSED) {
        // Refused (503 when Redis is down, 403 after signing out): try again later.
        window.setTimeout(connect, 30000);
      }
    });
    source.addEventListener("messages", function (event) {
      var data = {};
      try { data = JSON.parse(event.data); } catch (error) { return; }
      if (data.conversation) fire("live:conversation-" + data.conversation);
      fire("live:messages");
    });
    source.addEventListener("notifications", function () { fire("live:notifications"); });
    source.addEventListener("board", function (event) {
      var data = {};
      try { data = JSON.parse(event.data); } catch (error) { return; }
      body.dispatchEvent(new CustomEvent("live:board", { bubbles: true, detail: data }));
    });
    source.addEventListener("resync", function () { fire("live:poll"); });
  }

  // Back to a tab left in the background: catch up at once.
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && pollTimer) fire("live:poll");
  });
  connect();
})();
