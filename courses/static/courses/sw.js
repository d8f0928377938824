/* Tamkeen's service worker (courses field work, #20): the roll call and the learner's check-in
   keep working without a network.

   - A session's roll call (and My sessions) is fetched from the network when there is one and
     kept; offline, the kept copy is served. At most MAX_PAGES pages are kept, none older than a
     day: a day's sessions, not the year's.
   - A check-in QR code scanned offline opens the check-in address: offline, the kept "check-in
     without a network" page answers it, and queues the check-in (offline.js).
   - Static files are fetched from the network first and kept for offline use.
   - Marks are never sent from here: the pages queue them in IndexedDB and send them when the
     network returns; POST requests are left alone.
   - Signing out (app.js) asks this worker to forget everything it kept. */
"use strict";

var VERSION = "field-1";
var PAGES = "tamkeen-pages-" + VERSION;
var STATIC = "tamkeen-static-" + VERSION;
var MAX_PAGES = 12;
var MAX_AGE_MS = 24 * 60 * 60 * 1000;

var ROLL_CALL = /^\/[a-z]{2}\/attendance\/sessions\/\d+\/roll-call\/$/;
var KEPT_PAGES = [ROLL_CALL, /^\/[a-z]{2}\/my-sessions\/$/, /^\/[a-z]{2}\/attendance\/offline\/check-in\/$/];
var CHECK_IN = /^\/([a-z]{2})\/attendance\/check-in\/[0-9a-f-]{1,80}\/$/;

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(
        names
          .filter(function (name) { return name.indexOf("tamkeen-") === 0 && name.indexOf(VERSION) < 0; })
          .map(function (name) { return caches.delete(name); })
      );
    }).then(function () { return self.clients.claim(); })
  );
});

function kept(path) {
  return KEPT_PAGES.some(function (pattern) { return pattern.test(path); });
}

function trim(cache) {
  // Oldest first: drop what is over a day old, then keep the newest MAX_PAGES.
  return cache.keys().then(function (requests) {
    return Promise.all(requests.map(function (request) {
      return cache.match(request).then(function (response) {
        var stamp = Number(response && response.headers.get("X-Kept-At")) || 0;
        return { request: request, stamp: stamp };
      });
    }));
  }).then(function (entries) {
    var now = Date.now();
    entries.sort(function (a, b) { return a.stamp - b.stamp; });
    var stale = entries.filter(function (e) { return now - e.stamp > MAX_AGE_MS; });
    var fresh = entries.filter(function (e) { return now - e.stamp <= MAX_AGE_MS; });
    var over = fresh.slice(0, Math.max(0, fresh.length - MAX_PAGES));
    return Promise.all(stale.concat(over).map(function (e) { return cache.delete(e.request); }));
  });
}

function stamped(response) {
  // Keep the time it was kept beside the page: trim() reads it.
  return response.clone().blob().then(function (body) {
    var headers = new Headers(response.headers);
    headers.set("X-Kept-At", String(Date.now()));
    return new Response(body, { status: response.status, statusText: response.statusText, headers: headers });
  });
}

function networkThenKeep(request, cacheName) {
  return fetch(request).then(function (response) {
    if (response.ok && !response.redirected && response.type === "basic") {
      var copy = cacheName === PAGES ? stamped(response) : Promise.resolve(response.clone());
      copy.then(function (body) {
        return caches.open(cacheName).then(function (cache) {
          return cache.put(request, body).then(function () {
            return cacheName === PAGES ? trim(cache) : null;
          });
        });
      });
    }
    return response;
  }).catch(function (error) {
    return caches.open(cacheName).then(function (cache) {
      return cache.match(request, { ignoreSearch: cacheName === PAGES, ignoreVary: true }).then(function (hit) {
        if (hit) return hit;
        throw error;
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (kept(url.pathname)) {
    event.respondWith(networkThenKeep(request, PAGES));
    return;
  }
  var scan = request.mode === "navigate" && CHECK_IN.exec(url.pathname);
  if (scan) {
    event.respondWith(fetch(request).catch(function (error) {
      return caches.open(PAGES).then(function (cache) {
        return cache.match("/" + scan[1] + "/attendance/offline/check-in/", { ignoreVary: true }).then(function (hit) {
          if (hit) return hit;
          throw error;
        });
      });
    }));
    return;
  }
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(networkThenKeep(request, STATIC));
  }
});

self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "forget") {
    event.waitUntil(
      caches.keys().then(function (names) {
        return Promise.all(names.filter(function (n) { return n.indexOf("tamkeen-") === 0; })
          .map(function (n) { return caches.delete(n); }));
      })
    );
  }
});
