/**
 * Editor benchmark (issue 6, "Large flows"): open time and pan frame rate of the flow canvas with
 * generated 1,000- and 5,000-node blueprints, in Debian's Chromium against the real server serving
 * the built app. Prints a table and exits 0 even when a budget is missed (the figures are recorded
 * in docs/benchmarks.md). Run with `pnpm bench:editor` in apps/web (or `pnpm bench` at the root).
 *
 * Environment: `E2E_WEB_DIST` serves a build from elsewhere (default `apps/web/dist`, built when
 * missing); `BENCH_NODES=1000` runs only the scenarios of those sizes (comma-separated);
 * `BENCH_RUNS` changes the number of runs per scenario (default 3); `BENCH_PROFILE=<dir>` saves
 * CPU profiles of each scenario's first run there (`open-`, `pan-fit-`, `pan-1-<nodes>.cpuprofile`,
 * for DevTools).
 */
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { chromiumLaunchOptions } from '../../../e2e/fixtures/chromium';
import { startServer, type StudioServer } from '../../../e2e/fixtures/server';

const ROOT = resolve(import.meta.dirname, '../../..');
const WEB_DIST = process.env.E2E_WEB_DIST ?? join(ROOT, 'apps/web/dist');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ONLY = process.env.BENCH_NODES?.split(',').map(Number);
const PROFILE_DIR = process.env.BENCH_PROFILE;
const PAN_MS = 3000;
const SETTLE_MS = 300;

// ---------------------------------------------------------------------------------------------
// Generated blueprints
// ---------------------------------------------------------------------------------------------

interface BpNode {
  id: string;
  kind: string;
  label: string;
  position: { x: number; y: number };
  size?: { width: number; height: number };
  parentId?: string;
  handler?: { ref: string; config: unknown };
  options?: unknown;
}
interface BpEdge {
  id: string;
  source: string;
  target: string;
  sourceHandle?: string;
  targetHandle?: string;
}

const COLS = 40;
const CELL_X = 320;
const CELL_Y = 300;

/**
 * A chain laid out row by row on a grid (40 columns, 320 × 300 px cells): runs of six transform
 * chunks, a match with three cases (two values and an else) meeting again at an endMatch, and a
 * forEach group holding two chunks. Exactly `count` nodes, start first and end last.
 */
function generateBlueprint(count: number): {
  schema: string;
  name: string;
  nodes: BpNode[];
  edges: BpEdge[];
} {
  const nodes: BpNode[] = [];
  const edges: BpEdge[] = [];
  let cell = 0;
  let seq = 0;
  const at = () => {
    const c = cell++;
    return { x: (c % COLS) * CELL_X, y: Math.floor(c / COLS) * CELL_Y };
  };
  const edge = (source: string, target: string, extra: Partial<BpEdge> = {}) =>
    edges.push({ id: `e${edges.length}`, source, target, ...extra });
  const transform = (
    label: string,
    position: { x: number; y: number },
    parentId?: string,
  ): BpNode => ({
    id: `n${seq++}`,
    kind: 'chunk',
    label,
    position,
    ...(parentId !== undefined ? { parentId } : {}),
    handler: { ref: 'transform', config: { expression: `{ 'step': ${seq}, 'value': input }` } },
  });

  nodes.push({ id: 'start', kind: 'start', label: 'Start', position: at() });
  let tail = 'start';
  const room = () => count - 1 - nodes.length; // nodes still to add before the end node

  while (room() > 0) {
    for (let i = 0; i < 6 && room() > 0; i++) {
      const n = transform(`Transform ${seq}`, at());
      nodes.push(n);
      edge(tail, n.id);
      tail = n.id;
    }
    if (room() >= 5) {
      const match: BpNode = {
        id: `n${seq++}`,
        kind: 'match',
        label: `Route ${seq}`,
        position: at(),
        options: {
          mode: 'hitFirst',
          cases: [
            { id: 'a', when: { value: 'A' } },
            { id: 'b', when: { value: 'B' } },
            { id: 'other', isElse: true },
          ],
        },
      };
      nodes.push(match);
      edge(tail, match.id);
      const join: BpNode = {
        id: `n${seq++}`,
        kind: 'endMatch',
        label: `Routed ${seq}`,
        position: { x: 0, y: 0 },
        options: { match: match.id },
      };
      for (const handle of ['case:a', 'case:b', 'else']) {
        const branch = transform(`Handle ${handle}`, at());
        nodes.push(branch);
        edge(match.id, branch.id, { sourceHandle: handle });
        edge(branch.id, join.id);
      }
      join.position = at();
      nodes.push(join);
      tail = join.id;
    }
    if (room() >= 3) {
      const group: BpNode = {
        id: `n${seq++}`,
        kind: 'forEach',
        label: `Each item ${seq}`,
        position: at(),
        size: { width: 280, height: 250 },
        options: { concurrency: 4 },
      };
      nodes.push(group);
      edge(tail, group.id);
      const first = transform('Work on the item', { x: 40, y: 50 }, group.id);
      const second = transform('Check the item', { x: 40, y: 150 }, group.id);
      nodes.push(first, second);
      edge(group.id, first.id, { sourceHandle: 'item' });
      edge(first.id, second.id);
      edge(second.id, group.id, { targetHandle: 'end' });
      tail = group.id;
      // the next node leaves the group's `out` handle
      const next = transform(`After each ${seq}`, at());
      if (room() > 0) {
        nodes.push(next);
        edge(group.id, next.id, { sourceHandle: 'out' });
        tail = next.id;
      } else {
        seq--;
        cell--;
      }
    }
  }
  nodes.push({ id: 'end', kind: 'end', label: 'Done', position: at() });
  const tailKind = nodes.find((n) => n.id === tail)?.kind;
  edge(tail, 'end', tailKind === 'forEach' ? { sourceHandle: 'out' } : {});
  return { schema: 'triggerflow.blueprint/v1', name: `bench-${count}`, nodes, edges };
}

// ---------------------------------------------------------------------------------------------
// Server, sign-in, API
// ---------------------------------------------------------------------------------------------

async function createFlow(server: StudioServer, token: string, count: number): Promise<string> {
  const blueprint = generateBlueprint(count);
  if (blueprint.nodes.length !== count)
    throw new Error(`generated ${blueprint.nodes.length} nodes, wanted ${count}`);
  const response = await fetch(`${server.url}/trpc/flows.create`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ name: `Bench ${count} nodes`, blueprint }),
  });
  const body = (await response.json()) as {
    result?: { data: { flow: { id: string }; issues: { severity: string }[] } };
    error?: unknown;
  };
  if (!response.ok || body.result === undefined) {
    throw new Error(
      `flows.create failed (${response.status}): ${JSON.stringify(body.error).slice(0, 2000)}`,
    );
  }
  const { flow, issues } = body.result.data;
  const errors = issues.filter((i) => i.severity === 'error').length;
  console.log(
    `created a ${count}-node flow: ${errors} errors, ${issues.length - errors} other issues`,
  );
  return flow.id;
}

async function signIn(browser: Browser, server: StudioServer): Promise<string> {
  const page = await browser.newPage();
  await page.goto(server.signInUrl);
  await page.waitForURL(/\/flows/);
  const raw = await page.evaluate(() => window.localStorage.getItem('triggerflow.session'));
  await page.close();
  if (raw === null) throw new Error('sign-in stored no session');
  return raw;
}

// ---------------------------------------------------------------------------------------------
// In-page measurements
// ---------------------------------------------------------------------------------------------

declare global {
  interface Window {
    __benchOpen?: { readyAt: number; firstAt: number; nodes: number };
    __benchLongTasks?: { start: number; end: number }[];
  }
}

/**
 * Installed before any page script: each frame it reads the rendered node count and the viewport
 * transform; once nodes are shown and the transform has not changed for SETTLE_MS, it records the
 * moment that transform first appeared (ms since navigation start).
 */
function watchOpen(settleMs: number): void {
  // Main-thread tasks over 50 ms, to see how long the page stays busy once the flow is shown.
  const longTasks: { start: number; end: number }[] = (window.__benchLongTasks = []);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      longTasks.push({ start: e.startTime, end: e.startTime + e.duration });
  }).observe({ type: 'longtask', buffered: true });
  let last = '';
  let since = 0;
  let firstAt = -1;
  const tick = () => {
    const count = document.querySelectorAll('.react-flow__node').length;
    const viewport = document.querySelector<HTMLElement>('.react-flow__viewport');
    const transform = viewport?.style.transform ?? '';
    const now = performance.now();
    if (count > 0 && firstAt < 0) firstAt = now;
    if (count === 0 || transform === '') {
      last = '';
    } else if (transform !== last) {
      last = transform;
      since = now;
    } else if (now - since >= settleMs) {
      window.__benchOpen = { readyAt: since, firstAt, nodes: count };
      return;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

async function openFlow(
  context: BrowserContext,
  url: string,
  profileTo?: string,
): Promise<{ page: Page; ms: number; firstMs: number; busyMs: number; nodes: number }> {
  const page = await context.newPage();
  const cdp = profileTo === undefined ? undefined : await context.newCDPSession(page);
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  await page.goto(url, { waitUntil: 'commit' });
  try {
    await page.waitForFunction(() => window.__benchOpen !== undefined, undefined, {
      timeout: 60_000,
      polling: 100,
    });
  } catch (error) {
    const state = await page.evaluate(() => ({
      url: location.href,
      nodes: document.querySelectorAll('.react-flow__node').length,
      transform: document.querySelector<HTMLElement>('.react-flow__viewport')?.style.transform,
      text: document.body.innerText.slice(0, 500),
    }));
    console.error('open did not settle:', JSON.stringify(state));
    throw error;
  }
  const open = await page.evaluate(() => window.__benchOpen!);
  // What follows the first frame (RF reading handles, validation, drafts) counts as busy time:
  // the end of the last long task that started within 1 s of the flow being shown.
  await page.waitForTimeout(1500);
  const busyMs = await page.evaluate(({ readyAt }) => {
    const ends = (window.__benchLongTasks ?? [])
      .filter((t) => t.start < readyAt + 1000)
      .map((t) => t.end);
    return Math.max(readyAt, ...ends);
  }, open);
  if (cdp && profileTo !== undefined) {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(profileTo, JSON.stringify(profile));
    await cdp.detach();
    console.log(`CPU profile of the open: ${profileTo}`);
  }
  return { page, ms: open.readyAt, firstMs: open.firstAt, busyMs, nodes: open.nodes };
}

async function zoom(page: Page): Promise<number> {
  return page.evaluate(() => {
    const viewport = document.querySelector<HTMLElement>('.react-flow__viewport');
    const match = /scale\(([\d.e-]+)\)/.exec(viewport?.style.transform ?? '');
    return match?.[1] !== undefined ? Number(match[1]) : NaN;
  });
}

/** The middle of the pane, or the nearest point to it not covered by a node or a control. */
async function emptyPanePoint(page: Page): Promise<{ x: number; y: number }> {
  const point = await page.evaluate(() => {
    const pane = document.querySelector('.react-flow__pane');
    if (pane === null) return null;
    const box = pane.getBoundingClientRect();
    const cx = box.left + box.width / 2;
    const cy = box.top + box.height / 2;
    for (let r = 0; r < Math.max(box.width, box.height) / 2; r += 15) {
      for (let a = 0; a < 16; a++) {
        const x = cx + r * Math.cos((a * Math.PI) / 8);
        const y = cy + r * Math.sin((a * Math.PI) / 8);
        const hit = document.elementFromPoint(x, y);
        if (hit?.classList.contains('react-flow__pane')) return { x, y };
      }
    }
    return null;
  });
  if (point === null) throw new Error('no empty spot on the pane to drag from');
  return point;
}

async function zoomTo(page: Page, target: number): Promise<number> {
  const box = await page.locator('.react-flow__pane').boundingBox();
  if (box === null) throw new Error('no pane');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 20; i++) {
    const k = await zoom(page);
    const off = Math.log2(target / k);
    if (Math.abs(off) < 0.03) break;
    await page.mouse.wheel(0, Math.max(-400, Math.min(400, -off / 0.002)));
    await page.waitForTimeout(250);
  }
  return zoom(page);
}

/** Frames per second while nothing happens (what this machine's compositor delivers at best). */
async function idleFps(page: Page): Promise<number> {
  return page.evaluate(
    (ms) =>
      new Promise<number>((done) => {
        let frames = 0;
        const start = performance.now();
        const tick = (now: number) => {
          frames++;
          if (now - start >= ms) done((frames * 1000) / (now - start));
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    1000,
  );
}

/**
 * Drags the pane back and forth in small steps for PAN_MS while the page counts frames (and saves
 * a CPU profile of it to `profileTo` when given).
 */
async function panFps(page: Page, profileTo?: string): Promise<number> {
  const start = await emptyPanePoint(page);
  const cdp = profileTo === undefined ? undefined : await page.context().newCDPSession(page);
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  await page.evaluate(() => {
    const w = window as unknown as {
      __frames: number;
      __counting: boolean;
      __t0: number;
      __t1: number;
    };
    w.__frames = 0;
    w.__counting = true;
    w.__t0 = performance.now();
    const tick = (now: number) => {
      if (!w.__counting) return;
      w.__frames++;
      w.__t1 = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  const began = Date.now();
  let x = start.x;
  let dir = 1;
  let travelled = 0;
  while (Date.now() - began < PAN_MS) {
    x += dir * 8;
    travelled += 8;
    if (travelled >= 400) {
      travelled = 0;
      dir = -dir;
    }
    await page.mouse.move(x, start.y + dir * 2);
  }
  await page.mouse.up();
  if (cdp && profileTo !== undefined) {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(profileTo, JSON.stringify(profile));
    await cdp.detach();
    console.log(`CPU profile of the pan: ${profileTo}`);
  }
  const { frames, seconds } = await page.evaluate(() => {
    const w = window as unknown as {
      __frames: number;
      __counting: boolean;
      __t0: number;
      __t1: number;
    };
    w.__counting = false;
    return { frames: w.__frames, seconds: (w.__t1 - w.__t0) / 1000 };
  });
  return frames / seconds;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

interface Row {
  scenario: string;
  figure: string;
  budget: string;
  ok: boolean | null;
}

async function main(): Promise<void> {
  if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`BENCH_RUNS must be ≥ 1, got ${RUNS}`);
  if (!existsSync(join(WEB_DIST, 'index.html'))) {
    if (process.env.E2E_WEB_DIST !== undefined)
      throw new Error(`E2E_WEB_DIST=${WEB_DIST} holds no index.html: build the app there first`);
    console.log('apps/web/dist missing: building the web app…');
    const built = spawnSync('pnpm', ['--filter', '@triggerflow/web', 'build'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (built.status !== 0) throw new Error('web build failed');
  }
  const server = await startServer();
  const browser = await chromium.launch(chromiumLaunchOptions);
  const rows: Row[] = [];
  const version = browser.version();
  try {
    const session = await signIn(browser, server);
    const token = (JSON.parse(session) as { token: string }).token;
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    // tsx compiles with esbuild's keepNames, which wraps in-page functions in `__name(…)`.
    await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    await context.addInitScript(
      (value) => window.localStorage.setItem('triggerflow.session', value),
      session,
    );
    await context.addInitScript(watchOpen, SETTLE_MS);

    const scenarios = [
      { count: 1000, openBudget: 1000, fps: 55 },
      { count: 5000, openBudget: null, fps: 30 },
    ].filter((s) => ONLY === undefined || ONLY.includes(s.count));
    if (scenarios.length === 0)
      throw new Error(`BENCH_NODES=${process.env.BENCH_NODES}: no scenario`);
    for (const scenario of scenarios) {
      const id = await createFlow(server, token, scenario.count);
      const url = `${server.url}/flows/${id}`;
      const opens: number[] = [];
      const firsts: number[] = [];
      const busy: number[] = [];
      const fitFps: number[] = [];
      const openFps: number[] = [];
      const oneFps: number[] = [];
      const idle: number[] = [];
      let rendered = 0;
      let fitZoom = NaN;
      let openZoom = NaN;
      for (let run = 0; run < RUNS; run++) {
        let profileTo: string | undefined;
        if (PROFILE_DIR !== undefined && run === 0) {
          mkdirSync(PROFILE_DIR, { recursive: true });
          profileTo = join(resolve(PROFILE_DIR), `open-${scenario.count}.cpuprofile`);
        }
        const { page, ms, firstMs, busyMs, nodes } = await openFlow(context, url, profileTo);
        opens.push(ms);
        firsts.push(firstMs);
        busy.push(busyMs);
        rendered = nodes;
        openZoom = await zoom(page);
        idle.push(await idleFps(page));
        const panProfile = (at: string) =>
          profileTo === undefined
            ? undefined
            : join(dirname(profileTo), `pan-${at}-${scenario.count}.cpuprofile`);
        // A large flow opens at a readable zoom on its start node; "Fit view" shows all of it.
        openFps.push(await panFps(page, panProfile('open')));
        await page.getByRole('button', { name: 'Fit View', exact: true }).click();
        await page.waitForTimeout(600);
        fitZoom = await zoom(page);
        fitFps.push(await panFps(page, panProfile('fit')));
        await zoomTo(page, 1);
        oneFps.push(await panFps(page, panProfile('1')));
        await page.close();
        console.log(
          `${scenario.count} nodes, run ${run + 1}: open ${ms.toFixed(0)} ms (first nodes ${firstMs.toFixed(0)} ms, busy until ${busyMs.toFixed(0)} ms, ${nodes} rendered, opening zoom ${openZoom.toFixed(3)}, fit zoom ${fitZoom.toFixed(3)}), ` +
            `pan fps open ${openFps[run]!.toFixed(1)}, fit ${fitFps[run]!.toFixed(1)}, zoom 1 ${oneFps[run]!.toFixed(1)}, idle ${idle[run]!.toFixed(1)}`,
        );
      }
      const open = median(opens);
      const one = median(oneFps);
      const fit = median(fitFps);
      const opened = median(openFps);
      const n = scenario.count.toLocaleString('en-US');
      rows.push({
        scenario: `${n} nodes: open (nav → nodes shown, viewport settled; ${rendered} node elements)`,
        figure: `${open.toFixed(0)} ms`,
        budget: scenario.openBudget === null ? '—' : `< ${scenario.openBudget} ms`,
        ok: scenario.openBudget === null ? null : open < scenario.openBudget,
      });
      rows.push({
        scenario: `${n} nodes: first nodes painted (nav → first .react-flow__node)`,
        figure: `${median(firsts).toFixed(0)} ms`,
        budget: '—',
        ok: null,
      });
      rows.push({
        scenario: `${n} nodes: main thread busy until (end of the last long task after open)`,
        figure: `${median(busy).toFixed(0)} ms`,
        budget: '—',
        ok: null,
      });
      rows.push({
        scenario: `${n} nodes: pan at zoom 1`,
        figure: `${one.toFixed(1)} fps`,
        budget: `≥ ${scenario.fps} fps`,
        ok: one >= scenario.fps,
      });
      rows.push({
        scenario: `${n} nodes: pan at the opening view (zoom ${openZoom.toFixed(3)})`,
        figure: `${opened.toFixed(1)} fps`,
        budget: `≥ ${scenario.fps} fps`,
        ok: opened >= scenario.fps,
      });
      rows.push({
        scenario: `${n} nodes: pan at fit view (zoom ${fitZoom.toFixed(3)})`,
        figure: `${fit.toFixed(1)} fps`,
        budget: `(≥ ${scenario.fps} fps)`,
        ok: fit >= scenario.fps,
      });
      rows.push({
        scenario: `${n} nodes: idle frame rate (reference)`,
        figure: `${median(idle).toFixed(1)} fps`,
        budget: '—',
        ok: null,
      });
    }
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
  }

  const width = Math.max(...rows.map((r) => r.scenario.length), 8);
  console.log(`\nEditor benchmark (median of ${RUNS}; Chromium ${version}, software rendering)\n`);
  console.log(`| ${'Scenario'.padEnd(width)} | Figure      | Budget      | Met |`);
  console.log(`| ${'-'.repeat(width)} | ----------- | ----------- | --- |`);
  for (const r of rows) {
    const met = r.ok === null ? '   ' : r.ok ? 'yes' : 'NO ';
    console.log(
      `| ${r.scenario.padEnd(width)} | ${r.figure.padEnd(11)} | ${r.budget.padEnd(11)} | ${met} |`,
    );
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
