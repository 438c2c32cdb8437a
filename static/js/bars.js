// Progress bars take their width from data-pct (capped at 100), so no inline style is needed.
(function () {
  document.querySelectorAll(".w-pct[data-pct]").forEach(function (bar) {
    var pct = Math.max(0, Math.min(100, parseInt(bar.dataset.pct, 10) || 0));
    bar.style.width = pct + "%";
  });
})();
