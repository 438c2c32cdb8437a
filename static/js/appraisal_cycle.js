/* Appraisal cycle page: the bar chart of people per grade (data from json_script). */
(function () {
  "use strict";
  var canvas = document.getElementById("grade-chart");
  var source = document.getElementById("grade-data");
  if (!canvas || !source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "bar",
    data: {labels: data.labels, datasets: [{label: canvas.dataset.label, data: data.counts}]},
    options: {plugins: {legend: {display: false}}, scales: {y: {beginAtZero: true, ticks: {precision: 0}}}}
  });
})();
