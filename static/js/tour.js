// The first-login tour (guide/tours.py) with driver.js: each step points at the first of its
// elements that is visible (a folded navbar's button on a phone); closing it, at any step, tells
// the server it was seen (and whether it was followed to the end), so it does not start again.
(function () {
  var data = document.getElementById("tour-steps");
  var form = document.getElementById("tour-seen");
  if (!data || !form || !window.driver) {
    return;
  }
  function visible(selector) {
    var element = document.querySelector(selector);
    return element && element.getClientRects().length ? element : null;
  }
  var steps = [];
  JSON.parse(data.textContent).forEach(function (step) {
    var element = null;
    for (var i = 0; i < step.selectors.length && !element; i++) {
      element = visible(step.selectors[i]);
    }
    if (element) {
      steps.push({ element: element, popover: { title: step.title, description: step.text } });
    }
  });
  if (!steps.length) {
    return;
  }
  // No animation: driver.js ignores a close (and half-applies a Next) while a step's 400 ms
  // highlight animation runs, so a quick × or Escape would leave the tour unrecorded.
  var tour = window.driver.js.driver({
    steps: steps,
    animate: false,
    showProgress: true,
    allowClose: true,
    nextBtnText: form.dataset.next,
    prevBtnText: form.dataset.previous,
    doneBtnText: form.dataset.done,
    progressText: form.dataset.progress,
    // Done, ×, Escape or a click on the overlay: recorded as seen (completed when at the last
    // step), then closed.
    onDestroyStarted: function () {
      var body = new FormData(form);
      body.append("completed", tour.isLastStep() ? "1" : "0");
      fetch(form.action, { method: "POST", body: body, credentials: "same-origin" });
      tour.destroy();
    },
  });
  tour.drive();
})();
