// Calibration page: actual employee predicates against the unit's distribution pattern (Chart.js).
// The numbers come from the json_script element the page renders; a table repeats them in text.
document.addEventListener("DOMContentLoaded", function () {
  var canvas = document.getElementById("calibration-chart");
  var source = document.getElementById("calibration-chart-data");
  if (!canvas || !source || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var styles = getComputedStyle(document.documentElement);
  var colour = function (name, fallback) {
    return (styles.getPropertyValue(name) || "").trim() || fallback;
  };
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        {
          label: data.names.actual,
          data: data.actual,
          backgroundColor: colour("--bs-primary", "#0d6efd"),
        },
        {
          label: data.names.most,
          data: data.most,
          backgroundColor: "rgba(220, 53, 69, 0.15)",
          borderColor: colour("--bs-danger", "#dc3545"),
          borderWidth: 2,
          borderDash: [4, 3],
        },
        {
          label: data.names.least,
          data: data.least,
          backgroundColor: "rgba(25, 135, 84, 0.15)",
          borderColor: colour("--bs-success", "#198754"),
          borderWidth: 2,
        },
      ],
    },
    options: {
      responsive: true,
      aspectRatio: window.innerWidth < 576 ? 1.1 : 2,
      scales: {
        y: { beginAtZero: true, ticks: { precision: 0 } },
        x: { ticks: { autoSkip: false, maxRotation: 45 } },
      },
      plugins: { legend: { position: "bottom" } },
    },
  });
});
