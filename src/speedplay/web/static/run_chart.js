// A run's chart: pace and grade-adjusted pace, heart rate and elevation against time, the
// reps shaded and numbered. Drawn with uPlot from the data the page carries.
(function () {
  "use strict";
  const source = document.getElementById("run-data");
  const holder = document.getElementById("run-chart");
  if (!source || !holder || !window.uPlot) return;
  const run = JSON.parse(source.textContent);
  // The series as stored: whole numbers a point, each channel with its scale to SI units.
  for (const [name, stored, scale] of run.channels) {
    run[name] = run.series[stored].map((v) => (v === null ? null : v / scale));
  }
  const minutes = run.speed.map((_, i) => (i * run.series.step_s) / 60);
  const pace = (speeds) => speeds.map((v) => (v === null || v < 0.5 ? null : run.unit_m / v));
  const clock = (seconds) => {
    if (seconds === null || !isFinite(seconds)) return "";
    const whole = Math.round(seconds);
    return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
  };

  function shadeReps(u) {
    const context = u.ctx;
    context.save();
    for (const rep of run.reps) {
      const left = u.valToPos(rep.start_s / 60, "x", true);
      const right = u.valToPos(rep.end_s / 60, "x", true);
      context.fillStyle = "rgba(164, 22, 26, 0.12)";
      context.fillRect(left, u.bbox.top, right - left, u.bbox.height);
      context.fillStyle = "#a4161a";
      context.font = `${12 * devicePixelRatio}px system-ui, sans-serif`;
      context.fillText(String(rep.rep), left + 2 * devicePixelRatio, u.bbox.top + 14 * devicePixelRatio);
    }
    context.restore();
  }

  // The pace axis spans most of the run (2nd to 98th percentile): a stop's crawl would
  // otherwise squash the reps into a line.
  function paceRange(values) {
    const known = values.filter((v) => v !== null).sort((a, b) => a - b);
    if (!known.length) return [0, 600];
    const at = (share) => known[Math.min(known.length - 1, Math.floor(share * known.length))];
    return [Math.max(0, at(0.02) - 15), at(0.98) + 15];
  }
  const width = () => Math.max(300, holder.clientWidth);
  const charts = [];
  function chart(title, series, values, axis) {
    const box = document.createElement("div");
    holder.appendChild(box);
    const options = {
      title: title,
      width: width(),
      height: 180,
      cursor: { sync: { key: "run" } },
      scales: { x: { time: false }, y: axis.scale || {} },
      axes: [
        { label: "minutes" },
        { values: axis.values || ((u, ticks) => ticks.map(String)), size: 56, incrs: axis.incrs },
      ],
      series: [{ label: "min", value: (u, v) => (v === null ? "" : v.toFixed(1)) }, ...series],
      hooks: { draw: [shadeReps] },
    };
    charts.push(new uPlot(options, [minutes, ...values], box));
  }

  chart(
    `Pace (min/${run.unit})`,
    [
      { label: "pace", stroke: "#0b6e4f", width: 1.5, value: (u, v) => clock(v) },
      { label: "grade-adjusted", stroke: "#7c3aed", width: 1, dash: [4, 3], value: (u, v) => clock(v) },
    ],
    [pace(run.speed), pace(run.effort)],
    { scale: { dir: -1, range: () => paceRange(pace(run.speed).concat(pace(run.effort))) },
      values: (u, ticks) => ticks.map(clock), incrs: [5, 10, 15, 30, 60, 120, 300, 600] },
  );
  if (run.heart_rate.some((v) => v !== null)) {
    chart("Heart rate (bpm)", [{ label: "heart rate", stroke: "#c2410c", width: 1.5 }], [run.heart_rate], {});
  }
  if (run.altitude.some((v) => v !== null)) {
    chart("Elevation (m)", [{ label: "elevation", stroke: "#57534e", width: 1.5, fill: "rgba(87,83,78,0.1)" }], [run.altitude], {});
  }
  window.addEventListener("resize", () => charts.forEach((c) => c.setSize({ width: width(), height: 180 })));
  holder.dataset.drawn = String(charts.length);
})();
