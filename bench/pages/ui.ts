/**
 * Bench `ui`, page part: how smooth the lab page stays while the Lab works. The page holds the real
 * `<mlops-lab>` (its Lab in a dedicated Web Worker, every view inside it). One requestAnimationFrame
 * loop records the interval between consecutive frames, each tagged with what the page was doing:
 *
 * - idle: after load, nothing running, IDLE_FRAMES intervals;
 * - busy: the guided run at its top speed (80 simulated s per real second), from the press until the
 *   stream ends (at most BUSY_FRAMES_MAX intervals), split into `training` (the element's phase is
 *   `training`, or the loop diagram's active station is train or evaluate: the first version and the
 *   policy's retrains, all in the worker) and `streaming` (the rest of the run).
 *
 * Each phase reports p50/p95/p99 of its intervals (nearest rank), the share of frames over 25 ms and
 * 50 ms, and the long tasks (> 50 ms on the main thread) the browser reported while it lasted. The
 * intervals are taken twice: from the frame timestamps rAF passes (frame start times: a dropped frame
 * shows as a 33 ms step) and from `performance.now()` inside the callback (`callback`: also catches a
 * callback that ran late within its frame).
 * `ratios.p95_frame_busy_vs_idle` = busy p95 / idle p95 (the goal: at most 1.25).
 * `long_tasks_busy` lists the main thread's long tasks while the run was busy (goal: none, i.e. no
 * task over 50 ms while the worker trains or streams) and `first_load` those of the page's load
 * (goal: none over 200 ms), each with the scripts that ran longest in long frames (ui-long-tasks.ts).
 *
 * Then `long_run` (ui-long-run.ts): 200,000 requests at the fastest speed, frame p95 per 20,000
 * requests, page heap and DOM nodes, the speed achieved, and the guided run once more to compare the
 * page after it with after the first; `ratios.p95_frame_long_run_last_vs_first` (goal <= 1.25) and
 * `ratios.speed_achieved_vs_asked` (goal >= 0.9); heap growth after warm-up (goal <= 0.5 MB per
 * 100,000 requests) is `long_run.heap_growth_mb_per_100k_after_warmup`.
 */
import { endOfLoad, longTaskSummary, setLongTaskPhase } from './ui-long-tasks';
import '../../components/index';
import { browserFacts, progress, publish } from '../lib/page';
import { roundMs, roundRate } from '../lib/numbers';
import { heapIsPrecise, longRun, pageFootprint, type LongRunLab } from './ui-long-run';

/** Frame intervals measured with nothing running. */
const IDLE_FRAMES = 600;
/** At most this many busy intervals (about 2 minutes at 60 Hz). */
const BUSY_FRAMES_MAX = 7200;
/** The guided run's speed (its fastest option). */
const BUSY_SPEED = 80;
/** Settling time after load before the idle frames (fonts, first renders, the worker starting). */
const SETTLE_MS = 2000;

type Tag = 'idle' | 'training' | 'streaming' | 'other';

/** The lab element's public surface the bench uses. */
interface LabElement extends HTMLElement {
  phase: string;
  run(): Promise<void>;
  setSpeed(speed: number): Promise<void>;
  updateComplete: Promise<boolean>;
  guide: { versions: string[]; snapshot: { totals: { requests: number } } | null };
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

/** What one phase's frames and long tasks say. */
function summarize(intervals: readonly number[], longTasks: readonly number[]) {
  const sorted = [...intervals].sort((a, b) => a - b);
  const over = (ms: number) => (sorted.length ? roundRate(sorted.filter((x) => x > ms).length / sorted.length) : null);
  return {
    frames: sorted.length,
    p50_ms: roundMs(percentile(sorted, 0.5)),
    p95_ms: roundMs(percentile(sorted, 0.95)),
    p99_ms: roundMs(percentile(sorted, 0.99)),
    max_ms: sorted.length ? roundMs(sorted[sorted.length - 1] as number) : null,
    share_over_25ms: over(25),
    share_over_50ms: over(50),
    long_tasks: longTasks.length,
    long_task_ms: roundMs(longTasks.reduce((a, b) => a + b, 0)),
    raw_p95: percentile(sorted, 0.95),
  };
}

/** The GPU the browser reports: WebGPU adapter info and the WebGL renderer (software-emulated here). */
async function gpuFacts(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  try {
    const adapter = await navigator.gpu?.requestAdapter();
    const info = adapter?.info;
    out.webgpu_adapter = info ? { vendor: info.vendor, architecture: info.architecture, description: info.description } : null;
  } catch (error) {
    out.webgpu_adapter = `error: ${String(error)}`;
  }
  const gl = document.createElement('canvas').getContext('webgl2');
  const ext = gl?.getExtension('WEBGL_debug_renderer_info');
  out.webgl_renderer = gl && ext ? String(gl.getParameter(ext.UNMASKED_RENDERER_WEBGL)) : null;
  gl?.getExtension('WEBGL_lose_context')?.loseContext();
  return out;
}

async function run(): Promise<Record<string, unknown>> {
  await customElements.whenDefined('mlops-lab');
  const lab = document.querySelector('mlops-lab') as LabElement;
  await lab.updateComplete;
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  endOfLoad();
  setLongTaskPhase('idle');

  let tag: Tag = 'idle';
  const intervals: Record<Tag, number[]> = { idle: [], training: [], streaming: [], other: [] };
  const callbackIntervals: Record<Tag, number[]> = { idle: [], training: [], streaming: [], other: [] };
  const loop = lab.shadowRoot?.querySelector('mlops-loop') as (HTMLElement & { active: string | null }) | null;
  const longTasks: Record<Tag, number[]> = { idle: [], training: [], streaming: [], other: [] };
  const observer = new PerformanceObserver((list) => {
    // Busy tasks go to the part of the run under way (training or streaming), as the frames do.
    for (const entry of list.getEntries()) longTasks[tag === 'idle' || tag === 'other' ? tag : phaseTag()].push(entry.duration);
  });
  try {
    observer.observe({ type: 'longtask' });
  } catch {
    // no long-task timing in this browser: the counts stay 0 and `long_tasks_observed` says so
  }
  const phaseTag = (): Tag => {
    if (lab.phase === 'training') return 'training';
    if (lab.phase !== 'running' && lab.phase !== 'paused') return 'other';
    return loop?.active === 'train' || loop?.active === 'evaluate' ? 'training' : 'streaming';
  };

  progress(`bench ui: ${IDLE_FRAMES} idle frames`);
  let busyFrames = 0;
  let last = -1;
  let lastCallback = -1;
  let stop: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (stop = resolve));
  let idleDone: () => void = () => undefined;
  const idleFinished = new Promise<void>((resolve) => (idleDone = resolve));
  const frame = (now: number) => {
    const called = performance.now();
    if (last >= 0) {
      const t: Tag = tag === 'idle' ? 'idle' : phaseTag();
      setLongTaskPhase(t);
      intervals[t].push(now - last);
      callbackIntervals[t].push(called - lastCallback);
      if (tag === 'idle' && intervals.idle.length >= IDLE_FRAMES) idleDone();
      if (tag !== 'idle' && ++busyFrames >= BUSY_FRAMES_MAX) return stop();
      if (tag !== 'idle' && (lab.phase === 'done' || lab.phase === 'error')) return stop();
    }
    last = now;
    lastCallback = called;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  await idleFinished;

  progress(`bench ui: the guided run at ${BUSY_SPEED} simulated s per second`);
  tag = 'training';
  const started = performance.now();
  await lab.setSpeed(BUSY_SPEED);
  void lab.run();
  await finished;
  const busyMs = performance.now() - started;
  tag = 'other';
  setLongTaskPhase('other');
  observer.disconnect();
  const longTasksBusy = longTaskSummary(['training', 'streaming']);
  const firstLoad = longTaskSummary(['load']);
  const busyFacts = { phase_at_end: lab.phase, versions: lab.guide.versions.length, requests: lab.guide.snapshot?.totals.requests ?? null };

  await new Promise((r) => setTimeout(r, 1000));
  const precise = await heapIsPrecise();
  const afterFirstRun = pageFootprint(precise);
  const long = await longRun(lab as unknown as LongRunLab, BUSY_SPEED, { ...(lab as unknown as LongRunLab).config }, afterFirstRun, precise);

  const busyIntervals = [...intervals.training, ...intervals.streaming];
  const idle = summarize(intervals.idle, longTasks.idle);
  const training = summarize(intervals.training, longTasks.training);
  const streaming = summarize(intervals.streaming, longTasks.streaming);
  const busy = summarize(busyIntervals, [...longTasks.training, ...longTasks.streaming]);
  const callback = {
    idle: summarize(callbackIntervals.idle, []),
    busy: summarize([...callbackIntervals.training, ...callbackIntervals.streaming], []),
    training: summarize(callbackIntervals.training, []),
    streaming: summarize(callbackIntervals.streaming, []),
  };
  const backend = lab.shadowRoot?.querySelector('[part="backend-badge"]')?.getAttribute('data-backend') ?? null;
  const gpu = await gpuFacts();
  const ratio = (a: number, b: number) => (a > 0 && b > 0 ? roundRate(a / b) : null);
  const strip = ({ raw_p95: _raw, ...rest }: ReturnType<typeof summarize>) => rest;
  progress(`bench ui: idle p95 ${idle.p95_ms} ms, busy p95 ${busy.p95_ms} ms (training ${training.p95_ms}, streaming ${streaming.p95_ms})`);
  return {
    method:
      'requestAnimationFrame timestamps (frames) and performance.now() in the callback (callback), interval between consecutive frames; percentiles by nearest rank; idle = ' +
      `${IDLE_FRAMES} frames after load and ${SETTLE_MS} ms settling; busy = the guided run (<mlops-lab>.run()) at ${BUSY_SPEED} simulated s/s until the stream ends ` +
      `(at most ${BUSY_FRAMES_MAX} frames), split into training (phase training, or the loop's active station train/evaluate: the first version and the retrains, in the worker) and streaming (the rest)`,
    frames: { idle: strip(idle), busy: strip(busy), training: strip(training), streaming: strip(streaming) },
    callback: { idle: strip(callback.idle), busy: strip(callback.busy), training: strip(callback.training), streaming: strip(callback.streaming) },
    ratios: {
      p95_frame_busy_vs_idle: ratio(busy.raw_p95, idle.raw_p95),
      p95_frame_training_vs_idle: ratio(training.raw_p95, idle.raw_p95),
      p95_frame_streaming_vs_idle: ratio(streaming.raw_p95, idle.raw_p95),
      p95_callback_busy_vs_idle: ratio(callback.busy.raw_p95, callback.idle.raw_p95),
      ...long.ratios,
    },
    long_tasks_busy: longTasksBusy,
    first_load: firstLoad,
    goal: { p95_frame_busy_vs_idle_at_most: 1.25, p95_frame_training_vs_idle_at_most: 1.25, long_tasks_busy_at_most: 0, first_load_long_task_max_ms_at_most: 200, p95_frame_long_run_last_vs_first_at_most: 1.25, heap_growth_mb_per_100k_after_warmup_at_most: 0.5, speed_achieved_vs_asked_at_least: 0.9 },
    long_run: long.section,
    run_facts: {
      lab_backend: backend,
      lab_place: 'dedicated Web Worker (the element default)',
      ...busyFacts,
      busy_wall_s: Math.round(busyMs) / 1000,
      long_tasks_observed: PerformanceObserver.supportedEntryTypes.includes('longtask'),
      served_by: 'Vite dev server (unbundled modules, Lit development build), not the production build',
    },
    gpu,
    note:
      'Headless Chromium (new headless mode) paces requestAnimationFrame with its own begin-frame timer, about 60 Hz, ' +
      'with no display vsync; its GPU is software-emulated on this machine (WebGPU adapter and WebGL renderer are SwiftShader, see gpu), ' +
      'so compositing and canvas work run on the CPU and share its cores with the Lab worker. The Lab itself trains on TF.js cpu in the worker (lab_backend). ' +
      'Frame intervals on a learner machine with a real GPU and display will differ; compare idle and busy within one run only.',
    browser: browserFacts(),
  };
}

publish(run());
