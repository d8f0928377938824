// On every page (templates/includes/header.html): the phone's one-row header with its Menu
// button, the service worker of the installable app for people signed in, and signing out,
// which clears what the phone kept for working offline (courses field work, #20).
(function () {
  "use strict";
  var script = document.currentScript;

  // --- The header on a phone: one row, the menu behind a button. ------------------------------
  var header = document.querySelector("[data-site-header]");
  var toggle = header && header.querySelector(".site-menu-toggle");
  if (header && toggle) {
    header.classList.add("site-header--collapsible");
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      header.classList.toggle("site-header--open", open);
    });
  }

  var signOut = document.querySelector("form[data-sign-out]");

  // --- The service worker, for people signed in (the roll call and check-in offline). --------
  if (signOut && "serviceWorker" in navigator && window.isSecureContext && script) {
    navigator.serviceWorker.register(script.getAttribute("data-service-worker"), { scope: "/" })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function () {
        // Once this page is controlled, fetch the page a scan answers offline, in this
        // language: the worker keeps it as it passes.
        return navigator.serviceWorker.controller ? null : new Promise(function (resolve) {
          navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true });
        });
      })
      .then(function () {
        var shell = script.getAttribute("data-offline-shell");
        if (!shell || !window.caches) return null;
        return caches.match(shell, { ignoreVary: true }).then(function (kept) {
          return kept ? null : keep(shell);
        });
      })
      .catch(function () { /* no service worker: the pages work online as before */ });
  }

  function keep(shell) {
    return fetch(shell, { credentials: "same-origin" }).then(function (response) {
      return response.ok ? response.text() : "";
    }).then(function (html) {
      // And the files that page needs (its styles and scripts), kept as they pass too.
      var files = html.match(/\/static\/[^"' >]+/g) || [];
      return Promise.all(files.map(function (file) {
        return fetch(file, { credentials: "same-origin" }).catch(function () { return null; });
      }));
    });
  }

  // --- Signing out forgets what this phone kept. ---------------------------------------------
  function queued() {
    return new Promise(function (resolve) {
      if (!window.indexedDB) return resolve(0);
      var request = indexedDB.open("tamkeen-field", 1);
      request.onupgradeneeded = function () { request.result.createObjectStore("queue", { keyPath: "seq", autoIncrement: true }); };
      request.onerror = function () { resolve(0); };
      request.onsuccess = function () {
        var db = request.result;
        try {
          var count = db.transaction("queue", "readonly").objectStore("queue").count();
          count.onsuccess = function () { db.close(); resolve(count.result); };
          count.onerror = function () { db.close(); resolve(0); };
        } catch (error) { db.close(); resolve(0); }
      };
    });
  }

  function forget() {
    var steps = [];
    if (window.indexedDB) {
      steps.push(new Promise(function (resolve) {
        var request = indexedDB.deleteDatabase("tamkeen-field");
        request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
      }));
    }
    if (window.caches) {
      steps.push(caches.keys().then(function (names) {
        return Promise.all(names.filter(function (n) { return n.indexOf("tamkeen-") === 0; })
          .map(function (n) { return caches.delete(n); }));
      }));
    }
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({ type: "forget" });
    }
    return Promise.all(steps);
  }

  if (signOut) {
    signOut.addEventListener("submit", function (event) {
      if (signOut.dataset.cleared === "true") return;
      event.preventDefault();
      queued().then(function (count) {
        if (count && !window.confirm(signOut.getAttribute("data-unsent-warning"))) return;
        return forget().then(function () {
          signOut.dataset.cleared = "true";
          signOut.submit();
        });
      });
    });
  }
})();
