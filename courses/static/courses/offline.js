// The offline queue of the roll call and of the learner's check-in (courses field work, #20).
//
// Every mark goes through one queue kept on the phone (IndexedDB "tamkeen-field"): a tap adds
// it with an idempotency key and the phone's time, then the queue is sent, in order, to
// /attendance/sync/ when there is a network (at once, when the network returns, and every 20 s
// while something waits). The server answers each mark; an answered mark leaves the queue, a
// refused one is shown with its reason. Without a network, marks wait and the page says how
// many. A page reloaded offline (served by the service worker) shows the marks still waiting.
// Without this script the forms post as plain forms. Every word shown comes from the page
// (data- attributes), translated there.
(function () {
  "use strict";
  var DB = "tamkeen-field";
  var root = document.querySelector("[data-offline-queue]");
  if (!root || !window.indexedDB || !window.fetch) return;
  var text = JSON.parse(document.getElementById("offline-texts").textContent);
  var syncUrl = root.getAttribute("data-sync-url");
  var csrf = (root.querySelector("input[name=csrfmiddlewaretoken]") || {}).value || "";
  var statusBox = document.querySelector("[data-offline-status]");
  var refusalsBox = document.querySelector("[data-offline-refusals]");
  var sending = false;

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () {
        var db = request.result;
        if (!db.objectStoreNames.contains("queue")) db.createObjectStore("queue", { keyPath: "seq", autoIncrement: true });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function store(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction("queue", mode);
        var result = work(tx.objectStore("queue"));
        tx.oncomplete = function () { db.close(); resolve(result && result.result !== undefined ? result.result : result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function all() { return store("readonly", function (queue) { return queue.getAll(); }); }
  function add(item) { return store("readwrite", function (queue) { return queue.add(item); }); }
  function remove(seqs) {
    return store("readwrite", function (queue) { seqs.forEach(function (seq) { queue.delete(seq); }); });
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function say(state, count) {
    if (!statusBox) return;
    statusBox.dataset.state = state;
    var message = navigator.onLine ? text.online : text.offline;
    if (count) message += " " + text.waiting.replace("%(count)s", String(count));
    statusBox.querySelector("[data-offline-message]").textContent = message;
    statusBox.dataset.count = String(count);
  }

  function showRefusal(item, answer) {
    if (!refusalsBox) return;
    var line = document.createElement("li");
    line.textContent = (item.label ? item.label + " — " : "") + (answer.message || text.refused);
    refusalsBox.appendChild(line);
    refusalsBox.hidden = false;
  }

  // --- The roll call's rows --------------------------------------------------------------------

  function row(person) { return document.getElementById("row-" + person); }

  function paint(person, status, label, state) {
    var line = row(person);
    if (!line) return;
    var form = line.querySelector("form[data-rollcall]");
    line.dataset.status = status;
    line.dataset.queued = String(state === "queued");
    line.dataset.refused = String(state === "refused");
    form.querySelectorAll("button[name=status]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.value === status));
    });
    var shown = label || (form.querySelector("button[value='" + status + "']") || {}).dataset.label || "";
    line.querySelector("[data-status-label]").textContent =
      state === "queued" ? shown + " · " + text.queued : shown;
  }

  function refresh() {
    return all().then(function (items) {
      items.forEach(function (item) { if (item.kind === "mark") paint(item.person, item.status, "", "queued"); });
      var checkIn = document.querySelector("[data-check-in-state]");
      if (checkIn && items.some(function (i) { return i.kind === "check_in"; })) checkIn.textContent = text.queued_check_in;
      say(items.length ? "offline" : "online", items.length);
      return items;
    });
  }

  function send() {
    if (sending) return Promise.resolve();
    sending = true;
    return all().then(function (items) {
      if (!items.length) return null;
      var now = new Date().toISOString();
      var body = items.map(function (item) {
        return {
          key: item.key, kind: item.kind, session: item.session, person: item.person,
          status: item.status, reason: item.reason, token: item.token,
          marked_at: item.marked_at, sent_at: now
        };
      });
      return fetch(syncUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "X-Requested-With": "fetch" },
        body: JSON.stringify({ items: body })
      }).then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      }).then(function (payload) {
        var done = [];
        payload.results.forEach(function (answer, index) {
          var item = items[index];
          done.push(item.seq);
          if (answer.outcome === "refused") {
            showRefusal(item, answer);
            if (item.kind === "mark") paint(item.person, item.previous || "", answer.message, "refused");
            var checkIn = document.querySelector("[data-check-in-state]");
            if (item.kind === "check_in" && checkIn) checkIn.textContent = answer.message;
          } else if (item.kind === "mark") {
            paint(item.person, answer.status, answer.label, "sent");
          } else {
            var state = document.querySelector("[data-check-in-state]");
            if (state) state.textContent = text.checked_in;
          }
        });
        return remove(done);
      });
    }).catch(function () {
      // No network, or the server is away: the marks stay queued and are sent later.
    }).then(function () {
      sending = false;
      return refresh();
    });
  }

  function queue(item) {
    item.key = newKey();
    item.marked_at = new Date().toISOString();
    return add(item).then(refresh).then(send);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches("form[data-rollcall]")) {
      var button = event.submitter;
      if (!button || button.name !== "status") return;
      event.preventDefault();
      var line = form.closest(".rollcall__row");
      var reasonField = form.querySelector("input[name=reason]");
      var reason = reasonField ? reasonField.value.trim() : "";
      if (line.dataset.corrected === "true" && button.value !== line.dataset.status && !reason) {
        line.querySelector("[data-status-label]").textContent = text.reason_needed;
        if (reasonField) reasonField.focus();
        return;
      }
      var previous = line.dataset.status;
      queue({
        kind: "mark", session: Number(root.dataset.session), person: form.person.value,
        status: button.value, reason: reason, previous: previous,
        label: line.querySelector(".rollcall__name").textContent
      });
    } else if (form.matches("form[data-mark-all]")) {
      event.preventDefault();
      var marks = [];
      document.querySelectorAll(".rollcall__row[data-registered='true']").forEach(function (line) {
        if (!line.dataset.status) {
          marks.push({
            kind: "mark", session: Number(root.dataset.session), person: line.dataset.person,
            status: "present", reason: "", previous: "",
            label: line.querySelector(".rollcall__name").textContent
          });
        }
      });
      marks.reduce(function (chain, item) {
        return chain.then(function () {
          item.key = newKey();
          item.marked_at = new Date().toISOString();
          return add(item);
        });
      }, Promise.resolve()).then(refresh).then(send);
    } else if (form.matches("form[data-offline-check-in]")) {
      event.preventDefault();
      var token = form.dataset.token;
      queue({ kind: "check_in", session: Number(token.split("-")[0]), token: token, person: "", status: "present", label: "" });
      form.hidden = true;
    }
  });

  // The page that answers a scan made offline: the token is in the address that was scanned.
  var offlineForm = document.querySelector("form[data-offline-check-in]");
  var scanned = /\/attendance\/check-in\/(\d+-\d+-[0-9a-f]+)\/$/.exec(window.location.pathname);
  if (offlineForm && scanned) {
    offlineForm.dataset.token = scanned[1];
    offlineForm.hidden = false;
  }

  window.addEventListener("online", send);
  window.addEventListener("offline", refresh);
  window.setInterval(function () { if (statusBox && statusBox.dataset.count !== "0") send(); }, 20000);
  refresh().then(send);
})();
