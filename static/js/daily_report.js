/* R-DAY-2: the daily report survives a reload (draft in localStorage, with its
   idempotency key, so a resend of the same draft is the same report). Sending — at once,
   or later from the offline queue when the network is back — is offline-queue.js's. */
(function () {
  "use strict";
  var form = document.getElementById("daily-report-form");
  if (!form) { return; }
  var status = document.getElementById("daily-report-status");
  var storeKey = "outreach:daily-report:" + form.dataset.staff + ":" + form.dataset.day;
  var fields = Array.prototype.filter.call(form.elements, function (el) {
    return el.name && el.name !== "csrfmiddlewaretoken";
  });

  function save() {
    var data = {};
    fields.forEach(function (el) { data[el.name] = el.value; });
    try { localStorage.setItem(storeKey, JSON.stringify(data)); } catch (e) { /* full */ }
  }

  var saved = null;
  try { saved = JSON.parse(localStorage.getItem(storeKey) || "null"); } catch (e) { saved = null; }
  if (saved) {
    fields.forEach(function (el) {
      if (Object.prototype.hasOwnProperty.call(saved, el.name)) { el.value = saved[el.name]; }
    });
    status.textContent = form.dataset.restored;
    status.className = "alert alert-info";
  }
  save();
  form.addEventListener("input", save);
  form.addEventListener("change", save);
  // Safe in the queue: the draft is no longer needed (a cached page opened again gets a
  // new key from the queue, since this one is taken).
  form.addEventListener("offline-queued", function () { localStorage.removeItem(storeKey); });
})();
