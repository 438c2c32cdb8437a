/* Issue 20: installable, offline-tolerant field pages — the page's half.

   Registers the service worker (/sw.js); sends every form marked data-offline-queue
   through the queue (offline-queue-core.js), so a submission made without a connection
   waits on the phone and goes when the connection returns (Background Sync where the
   browser has it, else on the next page load or the "online" event); shows what waits,
   what was accepted and what was refused with the server's reason. */
(function () {
  "use strict";
  var Q = window.OutreachQueue;
  var panel = document.getElementById("offline-queue");
  if (!Q || !panel || !window.indexedDB) { return; }
  var t = panel.dataset;
  var user = t.user;
  var list = document.getElementById("offline-queue-list");
  var count = document.getElementById("offline-waiting-count");
  var banner = document.getElementById("offline-banner");
  var flash = document.getElementById("offline-flash");
  var loginLink = document.getElementById("offline-login");
  var FLASH = "outreach-queue-flash";

  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); });
    return h.slice(0, 4).join("") + "-" + h.slice(4, 6).join("") + "-" +
      h.slice(6, 8).join("") + "-" + h.slice(8, 10).join("") + "-" + h.slice(10).join("");
  }

  function keyField(form) {
    return form.querySelector("[name=key], [name=idempotency_key]");
  }

  function when(iso) {
    var d = new Date(iso);
    return isNaN(d) ? "" : d.toLocaleString();
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text) { node.textContent = text; }
    return node;
  }

  var STATES = {
    waiting: ["text-bg-secondary", t.tWaiting],
    login: ["text-bg-warning", t.tLogin],
    accepted: ["text-bg-success", t.tAccepted],
    refused: ["text-bg-danger", t.tRefused]
  };

  function render() {
    return Q.all().then(function (all) {
      var items = all.filter(Q.shown);
      var waiting = items.filter(Q.pending);
      count.textContent = String(waiting.length);
      loginLink.hidden = !items.some(function (i) { return i.state === "login"; }) && !(waiting.length && !user);
      list.textContent = "";
      items.forEach(function (item) {
        var li = el("li", "offline-item border-top py-1");
        li.dataset.state = item.state;
        li.dataset.key = item.id;
        var state = STATES[item.state] || STATES.waiting;
        li.appendChild(el("span", "badge me-1 " + state[0], state[1]));
        li.appendChild(el("strong", "", item.label));
        li.appendChild(el("span", "text-muted ms-1", t.tActed + " " + when(item.actedAt)));
        var reason = item.state === "accepted" ? item.message : item.reason;
        if (reason) { li.appendChild(el("div", "offline-reason", reason)); }
        if (!Q.pending(item)) {
          var dismiss = el("button", "btn btn-link btn-sm p-0 offline-dismiss", t.tDismiss);
          dismiss.type = "button";
          dismiss.addEventListener("click", function () { Q.close(item.id).then(render); });
          li.appendChild(dismiss);
        }
        list.appendChild(li);
      });
      banner.hidden = navigator.onLine;
      banner.classList.toggle("alert", !banner.hidden);
      banner.classList.toggle("alert-warning", !banner.hidden);
      banner.textContent = t.tOffline;
      panel.hidden = !items.length && navigator.onLine && flash.hidden;
      return followAccepted(items);
    });
  }

  function flush() {
    if (!user) { return render(); }
    return Q.flush().then(render, render);
  }

  function askForSync() {
    if (!("serviceWorker" in navigator)) { return; }
    navigator.serviceWorker.ready.then(function (reg) {
      if (reg.sync) { return reg.sync.register(Q.SYNC_TAG); }
    }).catch(function () { /* no Background Sync: load and "online" send it */ });
  }

  function fields(form, submitter) {
    var data = new FormData(form);
    if (submitter && submitter.name) { data.append(submitter.name, submitter.value); }
    var pairs = [];
    data.forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken") { return; }  // a fresh one is read at replay
      if (value instanceof File && !value.name && !value.size) { return; }  // no file chosen
      pairs.push([name, value]);
    });
    return pairs;
  }

  function showOnForm(form, text, kind) {
    var box = document.getElementById(form.dataset.offlineStatus || "") ||
      form.querySelector(".offline-form-status");
    if (!box) {
      box = el("div", "offline-form-status");
      box.setAttribute("role", "status");
      form.insertBefore(box, form.firstChild);
    }
    box.classList.add("offline-form-status");
    box.classList.remove("alert-info", "alert-warning", "alert-danger");
    box.classList.add("alert", "alert-" + kind);
    box.textContent = text;
  }

  // Submissions made on this page: once accepted — at once, or when the connection
  // returns while the page is still open — the page goes where the server says.
  var mine = {};
  var leaving = false;

  function followAccepted(items) {
    items.forEach(function (item) {
      if (leaving || !mine[item.id] || item.state !== "accepted") { return; }
      leaving = true;
      Q.close(item.id).then(function () {
        sessionStorage.setItem(FLASH, item.message || t.tAccepted);
        location.assign(item.resultUrl || location.href);
      });
    });
    return items;
  }

  function label(form) {
    var text = form.dataset.offlineLabel || document.title;
    var named = form.dataset.offlineLabelField && form.elements[form.dataset.offlineLabelField];
    return named && named.value ? text + " · " + named.value : text;
  }

  function enqueue(form, submitter) {
    var key = keyField(form);
    if (key && !key.value) { key.value = uuid(); }
    var id = key ? key.value : uuid();
    var item = {
      id: id,
      kind: form.dataset.offlineQueue,
      label: label(form),
      url: new URL(form.getAttribute("action") || location.pathname, location.href).href,
      fields: fields(form, submitter),
      // When the person acted: the press of the button (a form's script may note it).
      actedAt: form.dataset.actedAt || new Date().toISOString(),
      user: user,
      state: "waiting",
      reason: "",
      createdAt: new Date().toISOString()
    };
    delete form.dataset.actedAt;
    mine[id] = form;
    var button = form.querySelector("[type=submit]");
    if (button) { button.disabled = true; }
    return Q.put(item).then(function () {
      form.dispatchEvent(new CustomEvent("offline-queued", { bubbles: true }));
      askForSync();
      return Q.flush().catch(function () { return null; });
    }).then(function () { return Q.get(id); }).then(function (done) {
      if (done && done.state === "accepted") { return followAccepted([done]); }
      if (button) { button.disabled = false; }
      if (done && done.state === "refused") {
        // Refused at once: said on the form itself, which the person can correct.
        delete mine[id];
        Q.close(id);
        showOnForm(form, done.reason, "danger");
      } else {
        showOnForm(form, t.tQueued, "warning");
        if (form.dataset.offlineReset !== undefined) {
          form.reset();
          if (key) { key.value = uuid(); }  // the next submission is a new one
        }
      }
      return render();
    });
  }

  // Bubbling listener on the document: a form's own handler (the check-in waiting for
  // the position) runs first and may hold the submission back.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.matches("form[data-offline-queue]") || !user) { return; }
    event.preventDefault();
    if (form.dataset.queueing) { return; }  // a double tap
    form.dataset.queueing = "1";
    enqueue(form, event.submitter).then(function () { delete form.dataset.queueing; },
      function () { delete form.dataset.queueing; });
  });

  // Logging out forgets the pages kept for offline use (a phone may be shared);
  // the queue stays, and waits for its person to log in.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || form.getAttribute("action") !== t.logoutUrl) { return; }
    if (!window.caches) { return; }
    event.preventDefault();
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (k) { return k.indexOf("outreach-pages-") === 0; })
        .map(function (k) { return caches.delete(k); }));
    }).then(function () { form.submit(); }, function () { form.submit(); });
  });

  // A page opened from the cache carries the key of a form already queued: a new one.
  function freshKeys() {
    var forms = document.querySelectorAll("form[data-offline-queue]");
    return Promise.all(Array.prototype.map.call(forms, function (form) {
      var key = keyField(form);
      if (!key || !key.value) { return null; }
      return Q.get(key.value).then(function (known) { if (known) { key.value = uuid(); } });
    }));
  }

  var shown = sessionStorage.getItem(FLASH);
  if (shown) {
    sessionStorage.removeItem(FLASH);
    flash.textContent = shown;
    flash.classList.add("alert", "alert-success");
    flash.hidden = false;
  }

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(t.swUrl, { scope: "/" }).catch(function () { /* none */ });
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "queue-changed") { render(); }
    });
    if (user && navigator.onLine && t.pages) {
      navigator.serviceWorker.ready.then(function (reg) {
        if (reg.active) { reg.active.postMessage({ type: "warm", urls: t.pages.split(" ") }); }
      });
    }
  }
  window.addEventListener("online", flush);
  window.addEventListener("offline", render);
  Q.prune().catch(function () { return null; }).then(freshKeys).then(flush);
})();
