// Reports dashboard: the charts read their numbers from the json_script elements the page
// renders (computed on the server from the data); a table under each chart repeats them.
document.addEventListener("DOMContentLoaded", function () {
  if (typeof Chart === "undefined") {
    return;
  }
  var styles = getComputedStyle(document.documentElement);
  var colour = function (name, fallback) {
    return (styles.getPropertyValue(name) || "").trim() || fallback;
  };
  var read = function (id) {
    var source = document.getElementById(id);
    return source ? JSON.parse(source.textContent) : null;
  };
  var common = {
    responsive: true,
    maintainAspectRatio: false,
    plugins: { legend: { position: "bottom" } },
  };

  var distribution = read("distribution-chart-data");
  var distributionCanvas = document.getElementById("distribution-chart");
  if (distribution && distributionCanvas) {
    // On a phone the long predicate names read better as horizontal bars.
    var narrow = window.innerWidth < 576;
    var countAxis = { beginAtZero: true, ticks: { precision: 0 } };
    var nameAxis = { ticks: { autoSkip: false, maxRotation: 45 } };
    new Chart(distributionCanvas, {
      type: "bar",
      data: {
        labels: distribution.labels,
        datasets: [
          { label: distribution.names.actual, data: distribution.actual, backgroundColor: colour("--bs-primary", "#0d6efd") },
          {
            label: distribution.names.most,
            data: distribution.most,
            backgroundColor: "rgba(220, 53, 69, 0.15)",
            borderColor: colour("--bs-danger", "#dc3545"),
            borderWidth: 2,
            borderDash: [4, 3],
          },
          {
            label: distribution.names.least,
            data: distribution.least,
            backgroundColor: "rgba(25, 135, 84, 0.15)",
            borderColor: colour("--bs-success", "#198754"),
            borderWidth: 2,
          },
        ],
      },
      options: Object.assign({}, common, {
        indexAxis: narrow ? "y" : "x",
        scales: narrow ? { x: countAxis, y: nameAxis } : { y: countAxis, x: nameAxis },
      }),
    });
  }

  var completion = read("completion-chart-data");
  var completionCanvas = document.getElementById("completion-chart");
  if (completion && completionCanvas) {
    var colours = [colour("--bs-success", "#198754"), colour("--bs-warning", "#ffc107"), colour("--bs-primary", "#0d6efd")];
    new Chart(completionCanvas, {
      type: "line",
      data: {
        labels: completion.labels,
        datasets: completion.datasets.map(function (set, index) {
          return {
            label: set.label,
            data: set.data,
            borderColor: colours[index % colours.length],
            backgroundColor: colours[index % colours.length],
            spanGaps: false,
            tension: 0.2,
          };
        }),
      },
      options: Object.assign({}, common, {
        scales: { y: { min: 0, max: 100, ticks: { callback: function (v) { return v + " %"; } } } },
      }),
    });
  }

  var history = read("history-chart-data");
  var historyCanvas = document.getElementById("history-chart");
  if (history && historyCanvas) {
    new Chart(historyCanvas, {
      type: "line",
      data: {
        labels: history.labels,
        datasets: [{ label: history.name, data: history.data, borderColor: colour("--bs-primary", "#0d6efd"), backgroundColor: colour("--bs-primary", "#0d6efd"), pointRadius: 5 }],
      },
      options: Object.assign({}, common, {
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: function (item) { return history.ticks[String(item.raw)]; } } },
        },
        scales: {
          x: { offset: true },
          y: { min: 1, max: 5, ticks: { stepSize: 1, callback: function (v) { return history.ticks[String(v)] || ""; } } },
        },
      }),
    });
  }
  // Public feedback (the dashboard and a unit's page): responses per month as bars, the monthly
  // average per aspect (1–5) as lines on a second axis.
  var publicFeedback = read("public-feedback-chart-data");
  var publicCanvas = document.getElementById("public-feedback-chart");
  if (publicFeedback && publicCanvas) {
    var lineColours = [colour("--bs-success", "#198754"), colour("--bs-warning", "#ffc107"), colour("--bs-danger", "#dc3545")];
    new Chart(publicCanvas, {
      data: {
        labels: publicFeedback.labels,
        datasets: [
          { type: "bar", label: publicFeedback.count_label, data: publicFeedback.count, backgroundColor: "rgba(13, 110, 253, 0.25)", yAxisID: "count" },
        ].concat(publicFeedback.aspects.map(function (set, index) {
          return { type: "line", label: set.label, data: set.data, borderColor: lineColours[index % lineColours.length], backgroundColor: lineColours[index % lineColours.length], yAxisID: "score", spanGaps: false, tension: 0.2 };
        })),
      },
      options: Object.assign({}, common, {
        scales: {
          count: { position: "left", beginAtZero: true, ticks: { precision: 0 } },
          score: { position: "right", min: 1, max: 5, ticks: { stepSize: 1 }, grid: { drawOnChartArea: false } },
        },
      }),
    });
  }
});
