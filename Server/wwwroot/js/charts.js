// Thin interop over plotly.js for the training curves (Components/Charts/CurveChart.razor). Blazor calls it only
// after the circuit is interactive; plotly.min.js is loaded before this file.
window.explainHubCharts = (() => {
  const config = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ['select2d', 'lasso2d'] };

  const toTraces = (traces) => traces.map((t) => ({
    name: t.name, x: t.x, y: t.y, type: 'scatter', mode: t.x.length > 1 ? 'lines' : 'lines+markers',
  }));

  const toLayout = (layout) => ({
    title: { text: layout.title, font: { size: 15 } },
    xaxis: { title: { text: layout.xTitle }, rangemode: 'tozero' },
    yaxis: layout.yRange
      ? { title: { text: layout.yTitle || '' }, range: layout.yRange }
      : { title: { text: layout.yTitle || '' }, rangemode: 'tozero' },
    margin: { l: 55, r: 15, t: 40, b: 45 },
    legend: { orientation: 'h', y: -0.25 },
    uirevision: 'keep-zoom',
  });

  // Updates, updates that added points ("growths") and points, as data attributes: browser tests read these
  // instead of plotly internals.
  const mark = (el) => {
    const before = Number(el.dataset.points || 0);
    const points = (el.data || []).reduce((n, t) => n + (t.x ? t.x.length : 0), 0);
    el.dataset.updates = String(Number(el.dataset.updates || 0) + 1);
    if (points > before) {
      el.dataset.growths = String(Number(el.dataset.growths || 0) + 1);
    }
    el.dataset.points = String(points);
  };

  return {
    plot(el, layout, traces) {
      Plotly.react(el, toTraces(traces), toLayout(layout), config);
      mark(el);
    },
    extend(el, update) {
      Plotly.extendTraces(el, { x: update.x, y: update.y }, update.indices);
      // Single points are drawn with markers; switch to lines once a trace has a line to draw.
      const lines = update.indices.filter((i) => el.data[i].x.length > 1 && el.data[i].mode !== 'lines');
      if (lines.length > 0) {
        Plotly.restyle(el, { mode: 'lines' }, lines);
      }
      mark(el);
    },
    dispose(el) {
      if (el) {
        Plotly.purge(el);
      }
    },
  };
})();
