/* R-CAM-5: a campaign's funnel (invited → accepted → attended → new leads → visits → deals)
   drawn from the json_script data; Chart.js is served locally. */
(function () {
  "use strict";
  var canvas = document.getElementById("funnel-chart");
  var source = document.getElementById("funnel-data");
  if (!canvas || !source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [{
        data: data.values,
        backgroundColor: ["#0d6efd", "#3d8bfd", "#198754", "#6f42c1", "#fd7e14", "#dc3545"]
      }]
    },
    options: {
      indexAxis: "y",
      responsive: true,
      plugins: { legend: { display: false } },
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } } }
    }
  });
})();
