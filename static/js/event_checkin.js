/* R-CAM-4: a check-in button sends once; a second tap while the first is on its way does
   nothing (the server also refuses a second check-in of the same guest). */
(function () {
  "use strict";
  document.querySelectorAll("form.js-check-in").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent === "1") {
        event.preventDefault();
        return;
      }
      form.dataset.sent = "1";
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.setAttribute("aria-disabled", "true");
        button.classList.add("disabled");
      });
    });
  });
})();
