/* R-DAY-2: the daily report survives a reload (draft in localStorage), a double tap and a
   dropped connection (one idempotency key per draft; resent when the network is back). */
(function () {
  "use strict";
  var form = document.getElementById("daily-report-form");
  if (!form) { return; }
  var status = document.getElementById("daily-report-status");
  var storeKey = "outreach:daily-report:" + form.dataset.staff + ":" + form.dataset.day;
  var fields = Array.prototype.filter.call(form.elements, function (el) {
    return el.name && el.name !== "csrfmiddlewaretoken";
  });
  var sending = false;
  var retryTimer = null;

  function show(text, kind) {
    status.textContent = text;
    status.className = text ? "alert alert-" + kind : "";
  }

  function save() {
    var data = {};
    fields.forEach(function (el) { data[el.name] = el.value; });
    try { localStorage.setItem(storeKey, JSON.stringify(data)); } catch (e) { /* full */ }
  }

  var saved = null;
  try { saved = JSON.parse(localStorage.getItem(storeKey) || "null"); } catch (e) { saved = null; }
  if (saved) {
    // The draft's key comes back too, so a resend of the same draft is the same report.
    fields.forEach(function (el) {
      if (Object.prototype.hasOwnProperty.call(saved, el.name)) { el.value = saved[el.name]; }
    });
    show(form.dataset.restored, "info");
  }
  save();
  form.addEventListener("input", save);
  form.addEventListener("change", save);

  function scheduleRetry() {
    if (retryTimer) { return; }
    retryTimer = setTimeout(function () { retryTimer = null; send(); }, 5000);
  }

  function send() {
    if (sending) { return; }
    sending = true;
    show(form.dataset.sending, "secondary");
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (result) {
      sending = false;
      if (result.ok) {
        localStorage.removeItem(storeKey);
        window.location.assign(result.body.url);
      } else {
        show((result.body.errors || []).join(" "), "danger");
      }
    }).catch(function () {
      sending = false;
      show(form.dataset.offline, "warning");
      scheduleRetry();
    });
  }

  window.addEventListener("online", function () {
    if (retryTimer) { clearTimeout(retryTimer); retryTimer = null; send(); }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    save();
    send();
  });
})();
