// The check-in QR screen (courses field work, #20): the next code is fetched when the current
// one expires and put in place, so the page never reloads (keyboard focus, zoom and a screen
// reader's place stay). Without this script the page reloads itself (a <noscript> refresh).
(function () {
  "use strict";
  var screen = document.querySelector("[data-qr-screen]");
  if (!screen || !window.fetch) return;
  var url = screen.getAttribute("data-url");
  var period = Number(screen.getAttribute("data-period")) || 30;

  function show(state) {
    screen.querySelector("[data-qr-code]").innerHTML = state.qr; // our own server's SVG
    screen.querySelector("[data-qr-value]").textContent = state.code;
    var windowText = screen.querySelector("[data-qr-window]");
    if (windowText.textContent !== state.message) windowText.textContent = state.message;
    screen.querySelector("[data-qr-figure]").hidden = state.state !== "open";
    screen.querySelector("[data-qr-typed]").hidden = state.state !== "open";
  }

  function next(seconds) {
    window.setTimeout(function () {
      fetch(url, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(function (state) { show(state); next(state.refresh); })
        .catch(function () { next(5); }); // a network hiccup: try again soon
    }, Math.max(1, seconds) * 1000 + 300);
  }

  next(Number(screen.getAttribute("data-refresh")) || period);
})();
