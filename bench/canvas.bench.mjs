/**
 * Canvas benchmark: opens generated pipelines of 500, 2,000 and 5,000 nodes in headless Chromium, in the
 * real Pipewright canvas and in a plain React Flow 12 page (default nodes, same positions and edges),
 * and prints for each: first render (navigation → every node in view on screen), then in a ~50-node
 * view and in the view fitted to the whole graph the median/p95 frame time of a pan (a drag that
 * starts on the bare pane) and of a wheel zoom (in, then back out), from requestAnimationFrame deltas
 * recorded in the page. Goal: 5,000 nodes with median frame ≤ 20 ms in both views and first render ≤ 1.5 s.
 *
 * Run: node bench/canvas.bench.mjs [--nodes 500,2000,5000] [--pages pipewright,plain] [--loads 3]
 *        [--runs 2] [--frames 60] [--cap-ms 12000] [--no-build] [--out DIR] [--json FILE]
 * Builds both pages with Vite (production) into a temp dir, serves them on 127.0.0.1, drives
 * Debian's /usr/bin/chromium with playwright-core. Prints figures; asserts nothing.
 */
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values: opt } = parseArgs({
  options: {
    nodes: { type: 'string', default: '500,2000,5000' },
    pages: { type: 'string', default: 'pipewright,plain' },
    loads: { type: 'string', default: '3' },
    runs: { type: 'string', default: '2' },
    frames: { type: 'string', default: '60' },
    'cap-ms': { type: 'string', default: '12000' },
    'no-build': { type: 'boolean', default: false },
    out: { type: 'string', default: join(tmpdir(), 'pipewright-canvas-bench') },
    json: { type: 'string' },
    width: { type: 'string', default: '1440' },
    height: { type: 'string', default: '900' },
  },
});
const SIZES = opt.nodes.split(',').map(Number);
const PAGES = opt.pages.split(',');
const LOADS = Number(opt.loads);
const RUNS = Number(opt.runs);
const FRAMES = Number(opt.frames);
const CAP_MS = Number(opt['cap-ms']);
const VIEWPORT = { width: Number(opt.width), height: Number(opt.height) };
const DEBUG = Boolean(process.env.CANVAS_BENCH_DEBUG);
const MAX_IN_FLIGHT = Number(process.env.CANVAS_BENCH_IN_FLIGHT ?? 4);
/** At most this many input events per frame the page has drawn (a 120 Hz mouse on a 60 Hz screen). */
const EVENTS_PER_FRAME = 2;
const GOAL = { nodes: 5000, frameMs: 20, firstRenderMs: 1500 };
const root = fileURLToPath(new URL('..', import.meta.url));

const loadAvg = () => execFileSync('uptime', { encoding: 'utf8' }).trim().replace(/^.*load average:\s*/, '');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const quantile = (xs, q) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const median = (xs) => quantile(xs, 0.5);

// ---------------------------------------------------------------- build and serve

if (!opt['no-build']) {
  const { build } = await import('vite');
  const t = performance.now();
  process.env.PW_CANVAS_BENCH_OUT = opt.out;
  await build({ configFile: join(root, 'bench/canvas/vite.config.ts'), mode: 'production', logLevel: 'warn' });
  console.log(`built bench pages in ${Math.round(performance.now() - t)} ms → ${opt.out}`);
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json' };
const server = createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  try {
    const body = await readFile(join(opt.out, path));
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

// ---------------------------------------------------------------- browser

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

/** Opens a page and waits until its first view is on screen; returns the page and its marks. */
async function open(context, name, n) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${base}/${name}.html?n=${n}`);
  try {
    await page.waitForFunction(() => document.body.dataset.rendered, null, { timeout: 180_000, polling: 50 });
  } catch (e) {
    throw new Error(`${name} ${n}: never rendered ${errors.join('; ')} ${e}`);
  }
  const marks = await page.evaluate(() => window.__bench.marks);
  return { page, marks };
}

/**
 * Feeds input events (CDP, at most MAX_IN_FLIGHT unacknowledged, one every ~8 ms but no more than
 * EVENTS_PER_FRAME per frame drawn: every frame has input to handle, and a slow page is not flooded)
 * until the page recorded `FRAMES` frames or `CAP_MS` passed. Returns the deltas.
 */
async function drive(page, cdp, eventAt) {
  const before = DEBUG ? await metrics(cdp) : undefined;
  await page.evaluate(() => window.__bench.startFrames());
  const t0 = Date.now();
  let done = false;
  let sent = 0;
  let frames = 0;
  const poll = (async () => {
    while (!done) {
      await sleep(50);
      frames = await page.evaluate(() => window.__bench.frameCount());
      if (frames > FRAMES || Date.now() - t0 > CAP_MS) done = true;
    }
  })();
  const inFlight = new Set();
  while (!done) {
    // Chromium acknowledges input before a busy page handles it: without this cap a slow page gets
    // thousands of queued moves and stalls for seconds working through them.
    if (inFlight.size < MAX_IN_FLIGHT && sent < EVENTS_PER_FRAME * (frames + 2)) {
      const [method, params] = eventAt(sent++);
      const p = cdp.send(method, params).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await sleep(8);
  }
  await Promise.all(inFlight);
  await poll;
  const deltas = await page.evaluate(() => window.__bench.stopFrames());
  if (DEBUG) {
    const after = await metrics(cdp);
    const vp = await page.evaluate(() => window.__bench.viewport());
    const busy = Object.entries(after).filter(([k]) => k.endsWith('Duration')).map(([k, v]) => `${k.replace('Duration', '')} ${Math.round((v - before[k]) * 1000)}`).join(', ');
    console.log(`    ${sent} events, ${deltas.length} frames in ${Date.now() - t0} ms (main thread ms: ${busy}); zoom ${vp.zoom.toFixed(3)}; deltas ${deltas.map(Math.round).join(' ')}`);
  }
  return { deltas, events: sent };
}

/** Chromium's main-thread counters (seconds), for CANVAS_BENCH_DEBUG. */
async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

const mouse = (type, x, y, extra = {}) => ['Input.dispatchMouseEvent', { type, x, y, button: 'left', buttons: 1, clickCount: 1, ...extra }];

/** Drag from the empty spot around a circle of 150 px (back to where it started every 120 events). */
async function pan(page, cdp, spot) {
  await cdp.send(...mouse('mousePressed', spot.x, spot.y));
  const r = 150;
  const result = await drive(page, cdp, (k) => {
    const a = (2 * Math.PI * k) / 120;
    return mouse('mouseMoved', Math.round(spot.x + r * (Math.cos(a) - 1)), Math.round(spot.y + r * Math.sin(a)));
  });
  await cdp.send(...mouse('mouseReleased', spot.x, spot.y, { buttons: 0 }));
  return result;
}

/** Wheel over the empty spot: 30 notches in (about 1.65×), 30 back out, repeated. */
async function zoom(page, cdp, spot) {
  return drive(page, cdp, (k) => ['Input.dispatchMouseEvent', {
    type: 'mouseWheel', x: spot.x, y: spot.y, deltaX: 0, deltaY: Math.floor(k / 30) % 2 ? 12 : -12,
  }]);
}

async function settle(page) {
  await page.evaluate(() => new Promise((r) => { let i = 0; const f = () => (++i > 10 ? r() : requestAnimationFrame(f)); requestAnimationFrame(f); }));
}

/** All the figures for one page at one size. */
async function measure(name, n) {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const firstRenders = [];
  const loads = [];
  let kept;
  for (let i = 0; i < LOADS; i++) {
    const { page, marks } = await open(context, name, n);
    firstRenders.push(marks.rendered);
    loads.push(marks.loadEnd - marks.loadStart);
    if (kept) await kept.close();
    kept = page;
  }
  const page = kept;
  const cdp = await context.newCDPSession(page);
  if (DEBUG) await cdp.send('Performance.enable');
  const views = {};
  for (const view of ['detail', 'fit']) {
    const pans = [], zooms = [];
    let info, spot;
    for (let run = 0; run < RUNS; run++) {
      info = await page.evaluate((v) => window.__bench.setView(v), view);
      spot = await page.evaluate(() => window.__bench.emptySpot());
      if (!spot) throw new Error(`${name} ${n} ${view}: no empty spot of pane to drag from`);
      await settle(page);
      pans.push(...(await pan(page, cdp, spot)).deltas);
      info = await page.evaluate((v) => window.__bench.setView(v), view);
      await settle(page);
      zooms.push(...(await zoom(page, cdp, spot)).deltas);
    }
    views[view] = {
      zoom: info.zoom, inView: info.inView, spot,
      pan: { median: median(pans), p95: quantile(pans, 0.95), frames: pans.length },
      zoomFrames: { median: median(zooms), p95: quantile(zooms, 0.95), frames: zooms.length },
    };
  }
  await context.close();
  return { page: name, n, firstRender: median(firstRenders), firstRenders, load: median(loads), views };
}

// ---------------------------------------------------------------- run and print

console.log(`canvas bench: ${SIZES.join(', ')} nodes × ${PAGES.join(', ')}; viewport ${VIEWPORT.width}×${VIEWPORT.height}; ` +
  `${LOADS} loads, ${RUNS} runs of ≥${FRAMES} frames (cap ${CAP_MS} ms); ${(await browser.version())}; load avg before: ${loadAvg()}`);
const results = [];
try {
  for (const n of SIZES) {
    for (const name of PAGES) {
      const t = Date.now();
      const r = await measure(name, n);
      results.push(r);
      console.log(`  measured ${name} ${n} in ${((Date.now() - t) / 1000).toFixed(1)} s (first renders ${r.firstRenders.map(Math.round).join(', ')} ms)`);
    }
  }
} finally {
  await browser.close();
  server.close();
}

const f = (x) => (Number.isFinite(x) ? String(Math.round(x)) : '–');
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : '–');
const mark = (ok) => (ok ? '✓' : '✗');
const head = ['N', 'page', 'view', 'zoom', 'in view', 'first render ms (load)', 'pan med/p95 ms', 'zoom med/p95 ms', 'vs plain (first/pan/zoom)', 'goal'];
const rows = [head];
for (const r of results) {
  const plain = results.find((x) => x.n === r.n && x.page === 'plain');
  for (const view of ['detail', 'fit']) {
    const v = r.views[view];
    const pv = plain?.views[view];
    const isGoal = r.page === 'pipewright' && r.n === GOAL.nodes;
    const goal = isGoal
      ? [view === 'detail' ? `first ${mark(r.firstRender <= GOAL.firstRenderMs)}` : '', `pan ${mark(v.pan.median <= GOAL.frameMs)}`, `zoom ${mark(v.zoomFrames.median <= GOAL.frameMs)}`].filter(Boolean).join(' ')
      : '';
    rows.push([
      String(r.n), r.page, view === 'detail' ? '~50 nodes' : 'fit all', v.zoom.toFixed(3), String(v.inView),
      view === 'detail' ? `${f(r.firstRender)} (${f(r.load)})` : '',
      `${f(v.pan.median)} / ${f(v.pan.p95)}`, `${f(v.zoomFrames.median)} / ${f(v.zoomFrames.p95)}`,
      r.page === 'plain' || !pv ? '' : [view === 'detail' ? ratio(r.firstRender, plain.firstRender) : '', ratio(v.pan.median, pv.pan.median), ratio(v.zoomFrames.median, pv.zoomFrames.median)].filter(Boolean).join(' / '),
      goal,
    ]);
  }
}
const widths = head.map((_, i) => Math.max(...rows.map((row) => row[i].length)));
console.log('');
for (const [i, row] of rows.entries()) {
  console.log(row.map((c, j) => (j < 3 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}
console.log(`\nframe times: requestAnimationFrame deltas (16.7 ms = every vsync frame); goal (${GOAL.nodes} nodes, Pipewright): median ≤ ${GOAL.frameMs} ms in both views, first render ≤ ${GOAL.firstRenderMs} ms.`);
console.log(`load avg after: ${loadAvg()}`);
if (opt.json) await writeFile(opt.json, JSON.stringify({ viewport: VIEWPORT, results }, null, 2));
