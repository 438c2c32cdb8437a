/* Issue 20: the offline queue's store and its sending, shared by the pages
   (offline-queue.js) and the service worker (/sw.js, Background Sync).

   An item is one submission: its key (the idempotency key the form already carries),
   the form's fields (a photo stays a Blob: IndexedDB keeps Blobs), when the person acted
   (the phone's clock), whom it was queued for, and its state:
   waiting -> accepted | refused (the server's reason) | login (the session ended);
   a shown outcome the person dismissed, or one the page followed, stays as "done" for a
   while: its key is taken, so a cached page still carrying it gets a new one. */
(function (scope) {
  "use strict";
  var DB_NAME = "outreach-offline";
  var STORE = "items";
  var LOCK = "outreach-offline-queue";
  var TOKEN_URL = "/offline/token/";

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "id" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function tx(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(STORE, mode);
        var result = work(t.objectStore(STORE));
        t.oncomplete = function () { db.close(); resolve(result && result.result); };
        t.onerror = function () { db.close(); reject(t.error); };
      });
    });
  }

  function all() {
    return tx("readonly", function (s) { return s.getAll(); }).then(function (items) {
      return (items || []).sort(function (a, b) { return a.createdAt < b.createdAt ? -1 : 1; });
    });
  }
  function get(id) { return tx("readonly", function (s) { return s.get(id); }); }
  function put(item) { return tx("readwrite", function (s) { s.put(item); }); }
  function remove(id) { return tx("readwrite", function (s) { s.delete(id); }); }

  function update(id, changes) {
    return get(id).then(function (item) {
      if (!item) { return null; }
      Object.keys(changes).forEach(function (k) { item[k] = changes[k]; });
      return put(item).then(function () { return item; });
    });
  }

  function pending(item) { return item.state === "waiting" || item.state === "login"; }
  function shown(item) { return item.state !== "done"; }

  // Close an item: hidden from the list, its key remembered (see above).
  function close(id) {
    return update(id, { state: "done", doneAt: new Date().toISOString(), fields: [] });
  }

  var KEEP_DONE_MS = 30 * 24 * 3600 * 1000;
  function prune() {
    var limit = Date.now() - KEEP_DONE_MS;
    return all().then(function (items) {
      return Promise.all(items.filter(function (i) {
        return i.state === "done" && Date.parse(i.doneAt) < limit;
      }).map(function (i) { return remove(i.id); }));
    });
  }

  function body(item) {
    var data = new FormData();
    item.fields.forEach(function (pair) {
      var value = pair[1];
      if (value instanceof Blob) { data.append(pair[0], value, value.name || "photo.jpg"); }
      else { data.append(pair[0], value); }
    });
    return data;
  }

  function answer(response) {
    return response.json().catch(function () { return {}; }).then(function (json) {
      return { status: response.status, json: json };
    });
  }

  // Send one item; resolves "stop" when nothing more can go now (offline, logged out).
  function sendOne(item, session) {
    if (String(item.user) !== String(session.user)) {
      return update(item.id, { state: "login", reason: "" }).then(function () { return "next"; });
    }
    return fetch(item.url, {
      method: "POST",
      body: body(item),
      credentials: "same-origin",
      headers: {
        "X-Outreach-Queue": "1",
        "X-Outreach-Acted-At": item.actedAt,
        "X-Outreach-User": String(item.user),
        "X-CSRFToken": session.token,
        "Accept": "application/json"
      }
    }).then(answer).then(function (r) {
      var outcome = r.json.outcome;
      var now = new Date().toISOString();
      if (outcome === "accepted") {
        return update(item.id, {
          state: "accepted", message: r.json.message || "", resultUrl: r.json.url || "",
          doneAt: now
        }).then(function () { return "next"; });
      }
      if (outcome === "refused") {
        return update(item.id, { state: "refused", reason: r.json.reason || "", doneAt: now })
          .then(function () { return "next"; });
      }
      if (r.status === 401 || r.status === 403) {
        return update(item.id, { state: "login", reason: r.json.reason || "" })
          .then(function () { return "stop"; });
      }
      if (r.status >= 400 && r.status < 500 && r.status !== 408 && r.status !== 429) {
        // The server will never take it as it is (a page gone, a form changed): said.
        return update(item.id, { state: "refused", reason: "HTTP " + r.status, doneAt: now })
          .then(function () { return "next"; });
      }
      // A server error or an unexpected answer: it waits and is tried again later.
      return update(item.id, { state: "waiting", reason: "HTTP " + r.status })
        .then(function () { return "stop"; });
    }, function () { return "offline"; });
  }

  function session() {
    return fetch(TOKEN_URL, {
      credentials: "same-origin",
      headers: { "X-Outreach-Queue": "1", "Accept": "application/json" }
    }).then(answer);
  }

  function markLogin(items) {
    return Promise.all(items.map(function (i) { return update(i.id, { state: "login" }); }));
  }

  function run() {
    return all().then(function (items) {
      var todo = items.filter(pending);
      if (!todo.length) { return { offline: false }; }
      return session().then(function (s) {
        if (s.status === 401 || s.status === 403) {
          return markLogin(todo).then(function () { return { offline: false }; });
        }
        if (s.status !== 200 || !s.json.token) { return { offline: true }; }
        var chain = Promise.resolve("next");
        todo.forEach(function (item) {
          chain = chain.then(function (step) {
            return step === "next" ? sendOne(item, s.json) : step;
          });
        });
        return chain.then(function (step) { return { offline: step === "offline" }; });
      }, function () { return { offline: true }; });
    });
  }

  // One sender at a time across the pages and the worker (Web Locks where there are).
  function flush() {
    if (scope.navigator && scope.navigator.locks) {
      return scope.navigator.locks.request(LOCK, run);
    }
    return run();
  }

  scope.OutreachQueue = {
    SYNC_TAG: "outreach-queue",
    all: all, get: get, put: put, remove: remove, update: update, flush: flush,
    pending: pending, shown: shown, close: close, prune: prune
  };
})(self);
