// The adoption page's chart: the weekly cumulative counts the page renders as JSON
// (guide/adoption.py weekly); the table under it gives today's figures per OPD.
document.addEventListener("DOMContentLoaded", function () {
  var source = document.getElementById("adoption-chart-data");
  var canvas = document.getElementById("adoption-chart");
  if (typeof Chart === "undefined" || !source || !canvas) {
    return;
  }
  var data = JSON.parse(source.textContent);
  var colours = ["#6f42c1", "#0d6efd", "#198754", "#fd7e14"];
  new Chart(canvas, {
    type: "line",
    data: {
      labels: data.labels,
      datasets: data.series.map(function (series, index) {
        return { label: series.name, data: series.data, borderColor: colours[index % 4], backgroundColor: colours[index % 4], tension: 0.2, pointRadius: 0 };
      }),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: "bottom" } },
    },
  });
});
