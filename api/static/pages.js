// Drafter pages (api/routes/). No inline script may run (CSP script-src 'self'):
// the server passes data in <script type="application/json"> blocks, read here.
"use strict";

// Compare form: a new date or choice re-renders the page; the form still works without JS.
function autosubmit() {
  document.querySelectorAll("form[data-autosubmit]").forEach((form) => {
    form.addEventListener("change", () => form.requestSubmit());
  });
}

// Timeline: the highest maximum prison term over time, one step line per jurisdiction.
function timelineChart() {
  const holder = document.getElementById("timeline-chart");
  const block = document.getElementById("timeline-data");
  if (!holder || !block || !window.Plotly) return;
  const data = JSON.parse(block.textContent);
  if (!data.series.length) {
    holder.textContent = data.messages.empty;
    return;
  }
  const traces = data.series.map((s) => ({
    name: s.name,
    // carry the last value to today so the current level is visible
    x: s.x.concat([data.today]),
    y: s.y.concat([s.y[s.y.length - 1]]),
    text: s.text.concat([s.text[s.text.length - 1]]),
    hovertemplate: "%{x}: %{text}<extra>%{fullData.name}</extra>",
    mode: "lines+markers",
    line: { shape: "hv" },
  }));
  window.Plotly.newPlot(
    holder,
    traces,
    {
      margin: { t: 20, r: 20, b: 40, l: 50 },
      yaxis: { title: { text: data.messages.years }, rangemode: "tozero" },
      xaxis: { type: "date" },
    },
    // no mode bar: its buttons would speak English whatever the page's language
    { displaylogo: false, displayModeBar: false, responsive: true },
  );
}

document.addEventListener("DOMContentLoaded", () => {
  autosubmit();
  timelineChart();
});
