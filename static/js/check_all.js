// A header checkbox with data-check-all="<name>" ticks or clears every row checkbox of that name
// in its form (the account overview, the documents to sign).
document.addEventListener("change", function (event) {
  var box = event.target;
  if (!box.matches("[data-check-all]")) {
    return;
  }
  var name = box.getAttribute("data-check-all");
  box.form.querySelectorAll('input[type="checkbox"][name="' + name + '"]').forEach(function (row) {
    row.checked = box.checked;
  });
});
