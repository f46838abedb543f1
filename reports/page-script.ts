// The page's own script: decodes the inlined run data and draws the charts with uPlot. Plain ES2017
// in a string (no build step, no framework), so the compiled package inlines it as is. Charts are
// drawn when their scenario is opened, so a 30-cell matrix opens quickly. Each chart records how
// many shapes it drew in data-shapes: the browser tests check that every chart drew something.
// (No template literals below: this whole script is itself a template literal.)
export const PAGE_SCRIPT = String.raw`
(function () {
  'use strict';
  var holder = document.getElementById('run-data');
  var data;
  if (holder.getAttribute('data-encoding') === 'gzip-base64') {
    var bin = atob(holder.textContent.trim());
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    data = JSON.parse(fflate.strFromU8(fflate.gunzipSync(bytes)));
  } else {
    data = JSON.parse(holder.textContent);
  }
  window.__exactlyOne = data;
  // Every chart, for the browser tests (zoom) and for a reader poking at the page in devtools.
  var charts = window.__exactlyOneCharts = [];
  var cells = {};
  data.cells.forEach(function (c) { cells[c.scenarioIndex] = c; });
  var OUT = ['#1a7f37', '#c0212d', '#bf8700', '#8c959f'];
  var dpr = window.devicePixelRatio || 1;

  function clipTo(u) {
    var ctx = u.ctx; ctx.save(); ctx.beginPath();
    ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height); ctx.clip();
    return ctx;
  }
  function diamond(ctx, x, y, r, kind) {
    ctx.beginPath(); ctx.moveTo(x, y - r); ctx.lineTo(x + r, y); ctx.lineTo(x, y + r); ctx.lineTo(x - r, y); ctx.closePath();
    ctx.lineWidth = 1.5 * dpr; ctx.strokeStyle = '#0b3d91'; ctx.fillStyle = '#0b3d91';
    if (kind === 0) ctx.fill(); else ctx.stroke();
    if (kind === 2) { ctx.beginPath(); ctx.moveTo(x - r, y - r); ctx.lineTo(x + r, y + r); ctx.moveTo(x + r, y - r); ctx.lineTo(x - r, y + r); ctx.stroke(); }
  }
  function width(el) { return Math.max(300, Math.floor(el.getBoundingClientRect().width || el.parentNode.clientWidth || 600)); }

  function timeline(el, c) {
    var tl = c.timeline, n = tl.names.length, xmax = 1, shapes = 0;
    for (var i = 2; i < tl.ops.length; i += 4) xmax = Math.max(xmax, tl.ops[i]);
    for (var j = 1; j < tl.buys.length; j += 3) xmax = Math.max(xmax, tl.buys[j]);
    var flagged = {}; tl.flagged.forEach(function (r) { flagged[r] = true; });
    var rows = []; for (var r = 0; r < n; r++) rows.push(r);
    var KIND = ['ok', 'fail', 'unknown', 'settle/read'];
    var BUY = ['committed, answered', 'committed, answer lost', 'not committed'];
    var info = document.createElement('div'); info.className = 'hover';
    var hint = 'Point at a business to read what was in flight; drag to zoom.';
    info.textContent = hint;
    // What is under the pointer, in words: the canvas alone cannot say which request is which.
    function describe(u) {
      if (u.cursor.left == null || u.cursor.left < 0) { info.textContent = hint; return; }
      var x = u.posToVal(u.cursor.left, 'x'), row = Math.round(u.posToVal(u.cursor.top, 'y'));
      if (row < 0 || row >= n) { info.textContent = hint; return; }
      var tol = Math.abs(u.posToVal(u.cursor.left + 6, 'x') - x), inflight = [], buys = [];
      for (var i = 0; i < tl.ops.length; i += 4) if (tl.ops[i] === row && tl.ops[i + 1] - tol <= x && x <= tl.ops[i + 2] + tol) inflight.push(KIND[tl.ops[i + 3]] + ' ' + tl.ops[i + 1].toFixed(1) + '→' + tl.ops[i + 2].toFixed(1) + ' ms');
      for (var b = 0; b < tl.buys.length; b += 3) if (tl.buys[b] === row && Math.abs(tl.buys[b + 1] - x) <= tol) buys.push(BUY[tl.buys[b + 2]] + ' at ' + tl.buys[b + 1].toFixed(1) + ' ms');
      info.textContent = tl.names[row] + ' at ' + x.toFixed(1) + ' ms: ' + (inflight.length ? inflight.length + ' request(s) [' + inflight.join('; ') + ']' : 'no request in flight')
        + (buys.length ? '; purchase ' + buys.join('; ') : '');
    }
    var opts = {
      width: width(el), height: Math.max(140, n * 18 + 60), legend: { show: false },
      cursor: { drag: { x: true, y: false }, points: { show: false } },
      scales: { x: { time: false, range: function (u, lo, hi) { return [Math.max(0, lo), hi]; } }, y: { range: [-0.6, n - 0.4], dir: -1, ori: 1 } },
      axes: [{ label: 'ms since the first request', size: 40 },
        { size: 150, splits: function () { return rows; }, values: function (u, s) { return s.map(function (v) { return (flagged[v] ? '✘ ' : '') + (tl.names[v] || ''); }); }, grid: { show: false } }],
      series: [{}, { stroke: 'transparent', points: { show: false } }],
      hooks: { setCursor: [describe], draw: [function (u) {
        var ctx = clipTo(u), rowH = Math.abs(u.valToPos(1, 'y', true) - u.valToPos(0, 'y', true)) || 18 * dpr;
        shapes = 0;
        for (var f = 0; f < n; f++) if (flagged[f]) { ctx.fillStyle = 'rgba(192,33,45,0.08)'; ctx.fillRect(u.bbox.left, u.valToPos(f, 'y', true) - rowH / 2, u.bbox.width, rowH); }
        var lane = {};
        for (var i = 0; i < tl.ops.length; i += 4) {
          var row = tl.ops[i], k = lane[row] = (lane[row] || 0) + 1;
          var y = u.valToPos(row, 'y', true) - rowH * 0.35 + ((k - 1) % 5) * rowH * 0.14;
          var x0 = u.valToPos(tl.ops[i + 1], 'x', true), x1 = u.valToPos(tl.ops[i + 2], 'x', true);
          ctx.fillStyle = OUT[tl.ops[i + 3]];
          ctx.fillRect(x0, y, Math.max(1.5 * dpr, x1 - x0), Math.max(1, rowH * 0.11));
          shapes++;
        }
        for (var b = 0; b < tl.buys.length; b += 3) {
          diamond(ctx, u.valToPos(tl.buys[b + 1], 'x', true), u.valToPos(tl.buys[b], 'y', true), Math.min(7 * dpr, rowH * 0.4), tl.buys[b + 2]);
          shapes++;
        }
        ctx.restore();
        el.setAttribute('data-shapes', String(shapes));
      }] },
    };
    charts.push(new uPlot(opts, [[0, xmax], [null, null]], el));
    el.appendChild(info);
  }

  function latency(el, c) {
    var h = c.latency, xs = [], ys = [], shapes = 0;
    for (var i = 0; i < h.counts.length; i++) { xs.push(i * h.binMs); ys.push(h.counts[i]); if (h.counts[i] > 0) shapes++; }
    var marks = [['p50', h.p50], ['p95', h.p95], ['p99', h.p99]];
    charts.push(new uPlot({
      width: width(el), height: 220, legend: { show: false }, cursor: { drag: { x: true, y: false } },
      scales: { x: { time: false, range: function (u, lo, hi) { return [0, hi + h.binMs]; } } },
      axes: [{ label: 'latency (ms)', size: 40 }, { label: 'requests', size: 50 }],
      series: [{}, { label: 'requests', fill: 'rgba(5,80,174,0.35)', stroke: '#0550ae', paths: uPlot.paths.bars({ align: 1, size: [1, 100] }), points: { show: false } }],
      hooks: { draw: [function (u) {
        var ctx = clipTo(u);
        marks.forEach(function (m, k) {
          var x = u.valToPos(m[1], 'x', true);
          ctx.strokeStyle = '#1f2328'; ctx.setLineDash([4 * dpr, (2 + 2 * k) * dpr]); ctx.lineWidth = dpr;
          ctx.beginPath(); ctx.moveTo(x, u.bbox.top); ctx.lineTo(x, u.bbox.top + u.bbox.height); ctx.stroke();
          ctx.fillStyle = '#1f2328'; ctx.font = (11 * dpr) + 'px sans-serif'; ctx.fillText(m[0], x + 3 * dpr, u.bbox.top + (12 + 12 * k) * dpr);
        });
        ctx.restore();
        el.setAttribute('data-shapes', String(shapes));
      }] },
    }, [xs, ys], el));
  }

  function bursts(el, c) {
    var xs = c.bursts.send.map(function (_, i) { return i; });
    var dots = function (stroke) { return { stroke: stroke, paths: function () { return null; }, points: { show: true, size: 5, stroke: stroke, fill: stroke } }; };
    var shapes = c.bursts.send.length + c.bursts.arrival.filter(function (v) { return v !== null; }).length;
    var s1 = dots('#8250df'); s1.label = 'send spread (ms)';
    var s2 = dots('#bf3989'); s2.label = 'arrival spread (ms)'; s2.points.fill = '#fff';
    charts.push(new uPlot({
      width: width(el), height: 220, legend: { live: false }, cursor: { drag: { x: true, y: false } },
      scales: { x: { time: false } },
      axes: [{ label: 'burst', size: 40 }, { label: 'spread (ms)', size: 50 }],
      series: [{ label: 'burst' }, s1, s2],
      hooks: { draw: [function () { el.setAttribute('data-shapes', String(shapes)); }] },
    }, [xs, c.bursts.send, c.bursts.arrival], el));
  }

  function incident(el, row) {
    var scale = data.incident.timeScale, maxS = 1;
    data.incident.rows.forEach(function (r) { r.timeline.forEach(function (e) { maxS = Math.max(maxS, e.atMs * scale / 1000); }); });
    var lanes = { click: 0, response: 1, purchase: 2, release: 2 };
    var names = ['clicks', 'responses', 'Twilio'];
    charts.push(new uPlot({
      width: width(el), height: 170, legend: { show: false }, cursor: { drag: { x: true, y: false }, points: { show: false } },
      scales: { x: { time: false, range: [-20, maxS * 1.05] }, y: { range: [-0.6, 2.6], dir: -1, ori: 1 } },
      axes: [{ label: 'seconds since the first click (incident time)', size: 40 },
        { size: 80, splits: function () { return [0, 1, 2]; }, values: function (u, s) { return s.map(function (v) { return names[v] || ''; }); } }],
      series: [{}, { stroke: 'transparent', points: { show: false } }],
      hooks: { draw: [function (u) {
        var ctx = clipTo(u), shapes = 0;
        row.timeline.forEach(function (e) {
          var x = u.valToPos(e.atMs * scale / 1000, 'x', true), y = u.valToPos(lanes[e.kind], 'y', true), r = 7 * dpr;
          if (e.kind === 'purchase' || e.kind === 'release') diamond(ctx, x, y, r, e.kind === 'release' ? 1 : 0);
          else if (e.kind === 'click') { ctx.fillStyle = '#1f2328'; ctx.beginPath(); ctx.moveTo(x, y - r); ctx.lineTo(x + r, y + r); ctx.lineTo(x - r, y + r); ctx.closePath(); ctx.fill(); }
          else { ctx.fillStyle = OUT[e.outcome === 'ok' ? 0 : e.outcome === 'fail' ? 1 : 2]; ctx.beginPath(); ctx.arc(x, y, r * 0.8, 0, 7); ctx.fill(); }
          shapes++;
        });
        ctx.restore();
        el.setAttribute('data-shapes', String(shapes));
      }] },
    }, [[0, maxS], [null, null]], el));
  }

  function draw(el) {
    if (el.getAttribute('data-drawn')) return;
    el.setAttribute('data-drawn', '1');
    var kind = el.getAttribute('data-chart');
    if (kind === 'incident') return incident(el, data.incident.rows[Number(el.getAttribute('data-row'))]);
    var c = cells[Number(el.getAttribute('data-cell'))];
    if (!c) return;
    if (kind === 'timeline') timeline(el, c);
    else if (kind === 'latency') latency(el, c);
    else if (kind === 'bursts') bursts(el, c);
  }
  function drawIn(root) { Array.prototype.forEach.call(root.querySelectorAll('.chart'), draw); }
  Array.prototype.forEach.call(document.querySelectorAll('details.scenario'), function (d) {
    if (d.open) drawIn(d);
    d.addEventListener('toggle', function () { if (d.open) drawIn(d); });
  });
  // A link to a violation inside a closed scenario opens it (and draws its charts) before scrolling.
  function reveal() {
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target) return;
    for (var d = target.closest('details'); d; d = d.parentElement && d.parentElement.closest('details')) d.open = true;
    target.scrollIntoView();
  }
  window.addEventListener('hashchange', reveal);
  reveal();
  var inc = document.getElementById('incident');
  if (inc) drawIn(inc);
  document.documentElement.setAttribute('data-ready', '1');
})();
`;
