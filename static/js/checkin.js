/* R-ATT check-in: ask for the position only when the button is pressed, then send the
   form with it (or without it when the phone refuses or times out). */
(function () {
  "use strict";
  var form = document.getElementById("check-form");
  if (!form) { return; }
  var sent = false;
  form.addEventListener("offline-queued", function () { sent = false; });
  form.addEventListener("submit", function (event) {
    if (sent || !navigator.geolocation) { return; }
    event.preventDefault();
    form.dataset.actedAt = new Date().toISOString();  // the press, not the position's fix
    // requestSubmit fires "submit" again, so the offline queue (offline-queue.js) sends it.
    var done = function () {
      sent = true;
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    };
    navigator.geolocation.getCurrentPosition(function (pos) {
      document.getElementById("id_latitude").value = pos.coords.latitude.toFixed(6);
      document.getElementById("id_longitude").value = pos.coords.longitude.toFixed(6);
      done();
    }, done, {enableHighAccuracy: true, timeout: 8000, maximumAge: 0});
  });
})();
