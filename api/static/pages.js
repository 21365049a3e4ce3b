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
  // terms in years on the years axis; life imprisonment is not a number of years, so its
  // periods are drawn on their own row ("life") above it, never at some number of years
  const traces = [];
  let anyLife = false;
  data.series.forEach((s) => {
    const life = s.life || s.y.map(() => false);
    const x = s.x.concat([data.today]);
    const text = s.text.concat([s.text[s.text.length - 1]]);
    const lifeAt = life.concat([life[life.length - 1]]);
    // dates as the reader writes them, from the server (plotly.js only knows English)
    const when = (s.when || s.x).concat([data.today_label || data.today]);
    const hover = "%{customdata}" + (data.messages.colon || ":") + " %{text}<extra>%{fullData.name}</extra>";
    traces.push({
      name: s.name,
      // carry the last value to today so the current level is visible
      x: x,
      y: s.y.concat([s.y[s.y.length - 1]]),
      text: text,
      customdata: when,
      hovertemplate: hover,
      mode: "lines+markers",
      line: { shape: "hv" },
      legendgroup: s.name,
    });
    if (lifeAt.some((v) => v)) {
      anyLife = true;
      traces.push({
        name: s.name,
        x: x,
        y: lifeAt.map((v) => (v ? data.messages.life : null)),
        text: text,
        customdata: when,
        hovertemplate: hover,
        mode: "lines+markers",
        line: { shape: "hv", dash: "dot" },
        yaxis: "y2",
        legendgroup: s.name,
        showlegend: false,
      });
    }
  });
  const layout = {
    margin: { t: 20, r: 20, b: 40, l: 50 },
    yaxis: { title: { text: data.messages.years }, rangemode: "tozero" },
    // years only: plotly.js would name months in English
    xaxis: { type: "date", tickformat: "%Y" },
  };
  if (anyLife) {
    layout.yaxis.domain = [0, 0.8];
    layout.yaxis2 = { type: "category", domain: [0.88, 1], categoryarray: [data.messages.life] };
  }
  window.Plotly.newPlot(
    holder,
    traces,
    layout,
    // no mode bar: its buttons would speak English whatever the page's language
    { displaylogo: false, displayModeBar: false, responsive: true },
  ).then(() => {
    // legend entries are jurisdiction codes: names, not words to translate
    for (const text of holder.querySelectorAll(".legendtext")) text.setAttribute("translate", "no");
  });
}

document.addEventListener("DOMContentLoaded", () => {
  autosubmit();
  timelineChart();
});
