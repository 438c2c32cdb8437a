// R-DASH-1: the manager's charts, drawn by the locally served Chart.js from the data the
// page passes with json_script (no inline script, no internet).
(function () {
  var node = document.getElementById("dashboard-data");
  if (!node || typeof Chart === "undefined") { return; }
  var data = JSON.parse(node.textContent);
  var trend = document.getElementById("trend-chart");
  if (trend) {
    new Chart(trend, {
      type: "line",
      data: {
        labels: data.trend.labels,
        datasets: [
          { label: data.labels.registrations, data: data.trend.registrations, borderColor: "#0d6efd", backgroundColor: "#0d6efd", cubicInterpolationMode: "monotone" },
          { label: data.labels.visits, data: data.trend.visits, borderColor: "#fd7e14", backgroundColor: "#fd7e14", cubicInterpolationMode: "monotone" },
          { label: data.labels.deals, data: data.trend.deals, borderColor: "#198754", backgroundColor: "#198754", cubicInterpolationMode: "monotone" }
        ]
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        interaction: { mode: "index", intersect: false },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
  }
  var funnel = document.getElementById("funnel-chart");
  if (funnel) {
    new Chart(funnel, {
      type: "bar",
      data: {
        labels: data.funnel.labels,
        datasets: [{ label: data.labels.funnel, data: data.funnel.values, backgroundColor: ["#0d6efd", "#6610f2", "#fd7e14", "#198754"] }]
      },
      options: {
        indexAxis: "y", responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
  }
})();
