// Roll call without a page reload: the plain forms work on their own; when this script runs,
// a tap posts in the background and updates only that row. Any failure falls back to a normal
// submit, so the page never depends on it.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-rollcall]") || !window.fetch || !window.FormData) return;
    var button = event.submitter;
    if (!button) return;
    event.preventDefault();
    var row = form.closest(".rollcall__row");
    var data = new FormData(form);
    data.append(button.name, button.value);
    row.setAttribute("aria-busy", "true");
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    }).then(function (result) {
      row.removeAttribute("aria-busy");
      var label = row.querySelector("[data-status-label]");
      if (!result.ok) {
        label.textContent = result.message || label.textContent;
        return;
      }
      row.dataset.status = result.status;
      label.textContent = result.label;
      form.querySelectorAll("button[name=status]").forEach(function (other) {
        other.setAttribute("aria-pressed", String(other.value === result.status));
      });
    }).catch(function () {
      row.removeAttribute("aria-busy");
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = button.name;
      input.value = button.value;
      form.appendChild(input);
      form.submit();
    });
  });
})();
