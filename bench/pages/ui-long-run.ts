/**
 * Bench `ui`, long run: the same `<mlops-lab>` page streaming LONG_REQUESTS requests at the fastest
 * speed (GUIDE_SPEEDS' last), measured while it runs:
 *
 * - frame intervals (requestAnimationFrame timestamps) bucketed by the requests streamed, one bucket
 *   per BUCKET requests: p50/p95 per bucket, and the last bucket's p95 over the first's;
 * - the page's JS heap (`performance.memory.usedJSHeapSize`, the floor of the samples taken every
 *   HEAP_SAMPLE_MS within a bucket) and, at the end of each bucket, the heap after a `gc()` when the
 *   page has one (`--js-flags=--expose-gc`) and its DOM nodes (every node, shadow roots included);
 *   heap growth after warm-up = least-squares slope from WARMUP_REQUESTS on of the heaps after gc()
 *   (of the floors when there is no gc()), in MB per 100,000 requests. Chromium reports a precise heap only with
 *   `--enable-precise-memory-info`; without it the value is coarse and cached, and the heap figures
 *   are null (`heap_precise` says which);
 * - the speed achieved: simulated seconds advanced per wall second while streaming (training of the
 *   first version excluded, retrains included), over the speed asked; and the host's own
 *   `achievedSpeed` reports (min, median);
 * - then the default guided run again, to compare heap and DOM after it with after the first one.
 */
import { roundMs, roundRate } from '../lib/numbers';
import { progress } from '../lib/page';

/** Requests in the long run (the page's `?long=N` query shortens it for a quick check of the bench itself). */
export const LONG_REQUESTS = Number(new URLSearchParams(location.search).get('long') ?? '') || 200_000;
/** Requests per bucket of frames. */
export const BUCKET = 20_000;
/** Buckets before this many requests are warm-up (not in the heap slope). */
export const WARMUP_REQUESTS = 40_000;
/** Heap sampling period. */
const HEAP_SAMPLE_MS = 500;

/** The lab element's surface the long run uses. */
export interface LongRunLab extends HTMLElement {
  phase: string;
  config: Record<string, unknown>;
  speed: number;
  run(): Promise<void>;
  setSpeed(speed: number): Promise<void>;
  guide: { versions: string[]; snapshot: { t: number; totals: { requests: number }; playing?: boolean; playSpeed?: number; achievedSpeed?: number } | null };
}

function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

/** Every node of the page, inside shadow roots too. */
export function countNodes(root: Node = document): number {
  let n = 0;
  const walk = (node: Node) => {
    n++;
    const shadow = (node as Element).shadowRoot;
    if (shadow) walk(shadow);
    for (let c = node.firstChild; c; c = c.nextSibling) walk(c);
  };
  walk(root);
  return n;
}

type Memory = { usedJSHeapSize: number };
const memory = (): Memory | null => (performance as unknown as { memory?: Memory }).memory ?? null;
const gc = (): void => (globalThis as unknown as { gc?: () => void }).gc?.();

/**
 * Whether `performance.memory` is precise here: it moves each time about 100 KB are allocated, three
 * times in a row (without `--enable-precise-memory-info` Chromium rounds it into coarse buckets and
 * caches it, so a small allocation rarely moves it, and three in a row practically never).
 */
export async function heapIsPrecise(): Promise<boolean> {
  const keep: unknown[] = [];
  for (let trial = 0; trial < 3; trial++) {
    // `performance.memory` is a new snapshot object on every read.
    const before = memory()?.usedJSHeapSize;
    if (before === undefined) return false;
    keep.push(Array.from({ length: 2500 }, (_, i) => ({ i, s: `x${trial}-${i}` })));
    await new Promise((r) => setTimeout(r, 20));
    if (memory()?.usedJSHeapSize === before) return false;
  }
  return keep.length === 3;
}

/** DOM nodes of each `mlops-*` view inside the lab page (where growth would come from). */
function nodesByView(): Record<string, number> {
  const out: Record<string, number> = {};
  const lab = document.querySelector('mlops-lab');
  for (const el of lab?.shadowRoot?.querySelectorAll('*') ?? []) if (el.localName.startsWith('mlops-')) out[el.localName] = countNodes(el);
  return out;
}

/** Heap (MB, after gc when available) and DOM nodes now (in all, and per view). */
export function pageFootprint(precise: boolean): { heap_mb: number | null; dom_nodes: number; dom_nodes_by_view: Record<string, number> } {
  gc();
  const m = memory();
  return { heap_mb: precise && m ? Math.round((m.usedJSHeapSize / 2 ** 20) * 100) / 100 : null, dom_nodes: countNodes(), dom_nodes_by_view: nodesByView() };
}

/** Least-squares slope of y over x. */
function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  const sxx = points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  return sxx > 0 ? points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0) / sxx : Number.NaN;
}

/** Runs the long run on `lab` (idle or done) at `speed`, then the `rerunConfig` run again; resolves with the `long_run` section. */
export async function longRun(lab: LongRunLab, speed: number, rerunConfig: Record<string, unknown>, afterFirstRun: ReturnType<typeof pageFootprint>, precise: boolean) {
  const buckets = Array.from({ length: Math.ceil(LONG_REQUESTS / BUCKET) }, () => ({ frames: [] as number[], heapFloor: Infinity, end: null as null | ReturnType<typeof pageFootprint> }));
  const achieved: number[] = [];
  const stream: { start: { wall: number; t: number } | null } = { start: null };
  let last = -1;
  let stop: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (stop = resolve));
  let bucketNow = 0;
  const requests = () => lab.guide.snapshot?.totals.requests ?? 0;
  const frame = (now: number) => {
    const snap = lab.guide.snapshot;
    if (last >= 0 && lab.phase === 'running') {
      const b = Math.min(buckets.length - 1, Math.floor(requests() / BUCKET));
      buckets[b]?.frames.push(now - last);
      if (b !== bucketNow) {
        // The end of a bucket: the page's footprint there (outside the frame measurement's hot path: next task).
        const ended = buckets[bucketNow];
        bucketNow = b;
        setTimeout(() => {
          if (ended) ended.end = pageFootprint(precise);
          progress(`bench ui long run: ${requests().toLocaleString('en-US')} requests, frame p95 of the last ${BUCKET.toLocaleString('en-US')}: ${roundMs(percentile([...(ended?.frames ?? [])].sort((x, y) => x - y), 0.95))} ms`);
        }, 0);
      }
      if (snap && stream.start === null) stream.start = { wall: performance.now(), t: snap.t };
      if (snap?.achievedSpeed !== undefined) achieved.push(snap.achievedSpeed);
    }
    last = now;
    if (lab.phase === 'done' || lab.phase === 'error') return stop();
    requestAnimationFrame(frame);
  };
  const heapTimer = precise
    ? setInterval(() => {
        const m = memory();
        const b = buckets[Math.min(buckets.length - 1, Math.floor(requests() / BUCKET))];
        if (m && b && lab.phase === 'running') b.heapFloor = Math.min(b.heapFloor, m.usedJSHeapSize);
      }, HEAP_SAMPLE_MS)
    : null;

  progress(`bench ui long run: ${LONG_REQUESTS.toLocaleString('en-US')} requests at ${speed} simulated s per second`);
  lab.config = { ...rerunConfig, requests: LONG_REQUESTS };
  await lab.setSpeed(speed);
  const started = performance.now();
  void lab.run();
  requestAnimationFrame(frame);
  await finished;
  const streamEnd = { wall: performance.now(), t: lab.guide.snapshot?.t ?? 0 };
  if (heapTimer) clearInterval(heapTimer);
  const last_ = buckets.at(-1);
  if (last_ && !last_.end) last_.end = pageFootprint(precise);
  const wallS = (performance.now() - started) / 1000;
  const start = stream.start;
  const streamS = start ? (streamEnd.wall - start.wall) / 1000 : Number.NaN;
  const simS = start ? streamEnd.t - start.t : Number.NaN;
  const phaseAtEnd = lab.phase;
  const versions = lab.guide.versions.length;
  const endRequests = requests();

  progress('bench ui long run: the default guided run again');
  lab.config = rerunConfig;
  let rerunDone: () => void = () => undefined;
  const rerunFinished = new Promise<void>((resolve) => (rerunDone = resolve));
  const watch = () => (lab.phase === 'done' || lab.phase === 'error' ? rerunDone() : setTimeout(watch, 200));
  void lab.run();
  setTimeout(watch, 500);
  await rerunFinished;
  await new Promise((r) => setTimeout(r, 1000));
  const afterRerun = pageFootprint(precise);

  const sortedBuckets = buckets.map((b, i) => {
    const sorted = [...b.frames].sort((x, y) => x - y);
    return {
      requests_from: i * BUCKET,
      frames: sorted.length,
      p50_ms: roundMs(percentile(sorted, 0.5)),
      p95_ms: roundMs(percentile(sorted, 0.95)),
      heap_floor_mb: Number.isFinite(b.heapFloor) ? Math.round((b.heapFloor / 2 ** 20) * 100) / 100 : null,
      heap_mb_at_end: b.end?.heap_mb ?? null,
      dom_nodes_at_end: b.end?.dom_nodes ?? null,
      dom_nodes_by_view_at_end: b.end?.dom_nodes_by_view ?? null,
      raw_p95: percentile(sorted, 0.95),
    };
  });
  // After a gc() the heap at each bucket's end is what the page really keeps; without gc() the floor of the samples stands in for it.
  const collected = typeof (globalThis as unknown as { gc?: unknown }).gc === 'function';
  const warm = sortedBuckets
    .filter((b) => b.requests_from >= WARMUP_REQUESTS && (collected ? b.heap_mb_at_end : b.heap_floor_mb) !== null)
    .map((b) => (collected ? { x: b.requests_from + BUCKET, y: b.heap_mb_at_end as number } : { x: b.requests_from + BUCKET / 2, y: b.heap_floor_mb as number }));
  const heapSlope = slope(warm) * 100_000;
  const domWarm = sortedBuckets.filter((b) => b.requests_from >= WARMUP_REQUESTS && b.dom_nodes_at_end !== null).map((b) => ({ x: b.requests_from + BUCKET, y: b.dom_nodes_at_end as number }));
  const first = sortedBuckets[0];
  const lastBucket = sortedBuckets.at(-1);
  const sortedAchieved = [...achieved].sort((a, b) => a - b);
  return {
    section: {
      method:
        `the guided run's Lab config with requests = ${LONG_REQUESTS} at ${speed} simulated s per second (the fastest option); frame intervals from requestAnimationFrame while streaming, ` +
        `bucketed by requests streamed (${BUCKET} a bucket); heap = floor of performance.memory.usedJSHeapSize sampled every ${HEAP_SAMPLE_MS} ms in a bucket (null unless the browser gives a precise heap); ` +
        `DOM nodes counted through shadow roots at each bucket's end; heap growth = least-squares slope of the floors from ${WARMUP_REQUESTS} requests on; ` +
        'speed achieved = simulated seconds advanced per wall second from the first streamed frame to the end (retrains included, the first training not)',
      requests: endRequests,
      versions,
      phase_at_end: phaseAtEnd,
      wall_s: Math.round(wallS * 10) / 10,
      streaming_wall_s: Math.round(streamS * 10) / 10,
      simulated_s: Math.round(simS * 10) / 10,
      speed_asked: speed,
      speed_achieved: roundRate(simS / streamS),
      host_achieved_speed: { reports: achieved.length, min: achieved.length ? roundRate(sortedAchieved[0] as number) : null, median: achieved.length ? roundRate(percentile(sortedAchieved, 0.5)) : null },
      heap_precise: precise,
      heap_after_gc: typeof (globalThis as unknown as { gc?: unknown }).gc === 'function',
      heap_growth_mb_per_100k_after_warmup: precise ? roundRate(heapSlope) : null,
      dom_nodes_growth_per_100k_after_warmup: roundRate(slope(domWarm) * 100_000),
      buckets: sortedBuckets.map(({ raw_p95: _raw, ...rest }) => rest),
      rerun: {
        heap_mb_after_first_run: afterFirstRun.heap_mb,
        heap_mb_after_rerun: afterRerun.heap_mb,
        dom_nodes_after_first_run: afterFirstRun.dom_nodes,
        dom_nodes_after_rerun: afterRerun.dom_nodes,
        dom_nodes_by_view_after_first_run: afterFirstRun.dom_nodes_by_view,
        dom_nodes_by_view_after_rerun: afterRerun.dom_nodes_by_view,
      },
    },
    ratios: {
      p95_frame_long_run_last_vs_first: first && lastBucket && first.raw_p95 > 0 ? roundRate(lastBucket.raw_p95 / first.raw_p95) : null,
      speed_achieved_vs_asked: roundRate(simS / streamS / speed),
    },
  };
}
