// R-DAY-2: a form with data-draft keeps its draft across a reload (localStorage) and
// cannot be sent twice by a double tap; the server's idempotency key covers resends.
// A form sent through the offline queue (data-offline-queue, offline-queue.js) drops its
// draft once the submission is safe in the queue, and the queue guards the double tap.
(function () {
  document.querySelectorAll("form[data-draft]").forEach(function (form) {
    var key = "draft:" + form.dataset.draft;
    var skip = ["csrfmiddlewaretoken", "key"];
    var hasErrors = form.querySelector(".is-invalid, .invalid-feedback, .alert");
    try {
      var saved = JSON.parse(localStorage.getItem(key) || "{}");
      if (!hasErrors) {
        Object.keys(saved).forEach(function (name) {
          var fields = form.querySelectorAll('[name="' + name + '"]');
          fields.forEach(function (field) {
            if (field.type === "radio") { field.checked = field.value === saved[name]; }
            else if (!field.value) { field.value = saved[name]; }
          });
        });
      }
    } catch (e) { /* a broken draft is ignored */ }
    form.addEventListener("input", function () {
      var data = {};
      new FormData(form).forEach(function (value, name) {
        if (skip.indexOf(name) < 0) { data[name] = value; }
      });
      localStorage.setItem(key, JSON.stringify(data));
    });
    form.addEventListener("offline-queued", function () { localStorage.removeItem(key); });
    form.addEventListener("submit", function (event) {
      if (form.dataset.offlineQueue !== undefined) { return; }
      if (form.dataset.sent) { event.preventDefault(); return; }
      form.dataset.sent = "1";
      localStorage.removeItem(key);
      var button = form.querySelector("[type=submit]");
      if (button) { button.disabled = true; }
    });
  });
})();
