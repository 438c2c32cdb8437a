// R-PLAN-6: the printable review's "Print" button (no inline script: CSP).
document.getElementById("review-print-button")?.addEventListener("click", () => window.print());
