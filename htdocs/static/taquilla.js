// Taquilla — progressive enhancement only; every page works without this file.
(function () {
  "use strict";
  // Prevent double submission: disable the submit button once a form is sent.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.sent === "1") { event.preventDefault(); return; }
    form.dataset.sent = "1";
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
  });
  // Warn before upload when files exceed the site's limits (the server checks again).
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[type=file][data-max-bytes]")) { return; }
    var maxBytes = Number(input.dataset.maxBytes), maxFiles = Number(input.dataset.maxFiles), problem = "";
    if (input.files.length > maxFiles) { problem = "max " + maxFiles; }
    for (var i = 0; i < input.files.length; i++) {
      if (input.files[i].size > maxBytes) { problem = input.files[i].name + " > " + Math.round(maxBytes / 1048576) + " MB"; }
    }
    input.setCustomValidity(problem);
    if (problem) { input.reportValidity(); }
  });
})();
