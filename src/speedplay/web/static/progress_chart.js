// The progress charts: fitness, fatigue and form by day; rep pace of each family by week;
// the VDOT the best efforts show, month by month. Drawn with uPlot from the page's data.
(function () {
  "use strict";
  const source = document.getElementById("progress-data");
  const holder = document.getElementById("progress-charts");
  if (!source || !holder || !window.uPlot) return;
  const data = JSON.parse(source.textContent);
  const seconds = (iso) => Date.parse(iso.length === 7 ? `${iso}-01T00:00:00Z` : `${iso}T00:00:00Z`) / 1000;
  const clock = (s) => (s === null || !isFinite(s) ? "" : `${Math.floor(Math.round(s) / 60)}:${String(Math.round(s) % 60).padStart(2, "0")}`);
  const width = () => Math.max(300, holder.clientWidth);
  const charts = [];
  const colours = ["#0b6e4f", "#7c3aed", "#c2410c", "#2563eb", "#a16207"];

  function chart(title, x, series, values, axis) {
    const box = document.createElement("div");
    holder.appendChild(box);
    const drawn = new uPlot({
      title: title,
      width: width(),
      height: 200,
      scales: { x: { time: true }, y: axis.scale || {} },
      axes: [{}, { values: axis.values || ((u, ticks) => ticks.map(String)), size: 56 }],
      series: [{}, ...series],
    }, [x, ...values], box);
    charts.push(drawn);
    return drawn;
  }

  // A long archive's fitness opens on its last year: ten years of days squeeze the weeks that
  // matter to a few pixels. Dragging across zooms; a double click shows everything.
  const YEAR_S = 365 * 86400;
  function openOnLastYear(drawn, x) {
    const last = x[x.length - 1];
    if (last - x[0] <= YEAR_S) return;
    drawn.setScale("x", { min: last - YEAR_S, max: last });
    holder.dataset.fitnessFrom = new Date((last - YEAR_S) * 1000).toISOString().slice(0, 10);
    const said = document.createElement("p");
    said.className = "muted";
    said.textContent = "The last year. Drag across the chart to zoom; double-click to see all of it.";
    holder.appendChild(said);
  }

  const days = data.days;
  if (days.length) {
    const x = days.map((d) => seconds(d.date));
    openOnLastYear(chart("Fitness, fatigue and form", x, [
      { label: "fitness", stroke: colours[0], width: 2 },
      { label: "fatigue", stroke: colours[2], width: 1 },
      { label: "form", stroke: colours[1], width: 1, dash: [4, 3] },
    ], [days.map((d) => d.fitness), days.map((d) => d.fatigue), days.map((d) => d.form)], {}), x);
  }

  const families = [...new Set(data.rep_pace.map((r) => r.family))];
  if (families.length) {
    const mondays = [...new Set(data.rep_pace.map((r) => r.monday))].sort();
    const values = families.map((family) => mondays.map((monday) => {
      const found = data.rep_pace.find((r) => r.family === family && r.monday === monday);
      return found ? found.pace_s_per_km * data.unit_m / 1000 : null;
    }));
    chart(`Rep pace (min/${data.unit})`, mondays.map(seconds),
      families.map((family, i) => ({ label: family, stroke: colours[i % colours.length], width: 2,
        points: { show: true }, spanGaps: true, value: (u, v) => clock(v) })),
      values, { scale: { dir: -1 }, values: (u, ticks) => ticks.map(clock) });
  }

  if (data.vdot_by_month.length) {
    chart("VDOT from your best efforts", data.vdot_by_month.map((m) => seconds(m.month)),
      [{ label: "VDOT", stroke: colours[3], width: 2, points: { show: true } }],
      [data.vdot_by_month.map((m) => m.vdot)], {});
  }
  window.addEventListener("resize", () => charts.forEach((c) => c.setSize({ width: width(), height: 200 })));
  holder.dataset.drawn = String(charts.length);
})();
