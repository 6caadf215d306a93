/**
 * The `csv` bench's main-thread reading (page only): how long `<mlops-csv>` holds the page's main
 * thread while it reads a file, from the browser's `longtask` entries (tasks over 50 ms), side by
 * side in one run, the ways interleaved over `reps` rounds. The file is a `File` made once from the
 * text, as a picked or dropped file reaches the element:
 * - `before_one_go`: what the element did before the CSV worker — the file's bytes, then `readFile`
 *   and `importWith` (components/csv/csv-state.ts, unchanged) and the drift form's defaults in one task;
 * - `worker`: the element now (`loadFile`, `reader="auto"`): read in its Web Worker, the result shown in the page;
 * - `page_slices`: the element's fallback (`reader="page"`): the same reader in the page, in slices;
 * - `new_import_worker`: "Leave out rows with problems" ticked after a worker read (a new import in the worker);
 * - `run_click`: "Run the loop on this data" after a read (the run's config with the data as plain
 *   JSON, `toPortable`, built in the page; the run itself is not started).
 */
import '../../components/csv/mlops-csv';
import { datasetName, driftDefaults, importWith, readFile } from '../../components/csv/csv-state';
import type { MlopsCsv } from '../../components/csv/csv.component';
import { roundMs } from './numbers';

const tasks: { start: number; duration: number }[] = [];
const observed = typeof PerformanceObserver !== 'undefined' && PerformanceObserver.supportedEntryTypes.includes('longtask');
if (observed) new PerformanceObserver((list) => list.getEntries().forEach((e) => tasks.push({ start: e.startTime, duration: e.duration }))).observe({ type: 'longtask' });

/** Scripts that ran over 50 ms inside long animation frames (Chromium's `long-animation-frame` entries): what held the thread. */
const scripts: { start: number; duration: number; what: string }[] = [];
interface LoafScript {
  startTime: number;
  duration: number;
  invoker?: string;
  sourceFunctionName?: string;
  sourceURL?: string;
}
if (typeof PerformanceObserver !== 'undefined' && PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')) {
  new PerformanceObserver((list) =>
    list.getEntries().forEach((e) => {
      for (const s of (e as unknown as { scripts: LoafScript[] }).scripts ?? []) {
        if (s.duration > 50) scripts.push({ start: s.startTime, duration: s.duration, what: [s.invoker, s.sourceFunctionName, s.sourceURL?.replace(/^.*\/(?=[^/]+$)/, '')].filter(Boolean).join(' ') });
      }
    }),
  ).observe({ type: 'long-animation-frame' });
}

/** Two frames and a pause: the page is idle and the observer has delivered what it saw. */
async function settle(): Promise<void> {
  for (let i = 0; i < 2; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
  await new Promise((resolve) => setTimeout(resolve, 150));
}

/** One measured way of reading: the long tasks that started while `work` ran, and its wall time. */
interface Reading {
  longest_task_ms: number;
  long_tasks: number;
  long_task_total_ms: number;
  wall_s: number;
  /** The longest scripts (over 50 ms) that ran, with their entry point: the first 3. */
  scripts: string[];
}

async function measure(work: () => Promise<void>): Promise<Reading> {
  await settle();
  const t0 = performance.now();
  await work();
  const t1 = performance.now();
  await settle();
  const within = tasks.filter((t) => t.start >= t0 - 1 && t.start < t1);
  return {
    longest_task_ms: roundMs(Math.max(0, ...within.map((t) => t.duration))),
    long_tasks: within.length,
    long_task_total_ms: roundMs(within.reduce((a, t) => a + t.duration, 0)),
    wall_s: Math.round(t1 - t0) / 1000,
    scripts: scripts
      .filter((s) => s.start >= t0 - 1 && s.start < t1)
      .sort((a, b) => b.duration - a.duration)
      .slice(0, 3)
      .map((s) => `${roundMs(s.duration)} ms: ${s.what}`),
  };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

function mount(reader: 'auto' | 'page'): MlopsCsv {
  const el = document.createElement('mlops-csv');
  el.reader = reader;
  document.body.append(el);
  return el;
}

/** Reads `text` each way `reps` times (interleaved) and summarises the long tasks of each way. */
export async function measureElementReading(text: string, reps = 3, progress: (m: string) => void = () => undefined): Promise<Record<string, unknown>> {
  const ways = ['before_one_go', 'worker', 'page_slices', 'new_import_worker', 'run_click'] as const;
  const runs: Record<(typeof ways)[number], Reading[]> = { before_one_go: [], worker: [], page_slices: [], new_import_worker: [], run_click: [] };
  const fileName = 'wide.csv';
  const file = new File([text], fileName, { type: 'text/csv' });
  for (let rep = 0; rep < reps; rep++) {
    progress(`bench csv (page): main-thread reading, round ${rep + 1} of ${reps}`);
    runs.before_one_go.push(
      await measure(async () => {
        const bytes = new Uint8Array(await file.arrayBuffer());
        await new Promise<void>((resolve) =>
          setTimeout(() => {
            const read = readFile(bytes);
            const result = read.failure ?? importWith(read.table!, datasetName(fileName), { ignore: [], countHeader: 'classes', skipBadRows: false });
            if (result.data) driftDefaults(result.data, 'concept');
            resolve();
          }, 0),
        );
      }),
    );
    const el = mount('auto');
    runs.worker.push(
      await measure(async () => {
        await el.loadFile(file);
        await el.updateComplete;
      }),
    );
    if (el.readerPlace !== 'worker' || !el.data) throw new Error(`the element did not read in its worker (${el.readerPlace})`);
    runs.new_import_worker.push(
      await measure(async () => {
        (el.shadowRoot?.querySelector('[data-field="skip-bad-rows"]') as HTMLInputElement).click();
        await el.updateComplete;
      }),
    );
    if (!el.data) throw new Error('the new import failed');
    runs.run_click.push(
      await measure(async () => {
        const take = (e: Event) => ((e as Event & { handled: boolean }).handled = true);
        el.addEventListener('mlops-csv-run', take);
        el.run();
        el.removeEventListener('mlops-csv-run', take);
        await el.updateComplete;
      }),
    );
    el.remove();
    const page = mount('page');
    runs.page_slices.push(
      await measure(async () => {
        await page.loadFile(file);
        await page.updateComplete;
      }),
    );
    if (page.readerPlace !== 'page' || !page.data) throw new Error('the element did not read in the page');
    page.remove();
  }
  const summary: Record<string, unknown> = {};
  for (const way of ways) {
    const r = runs[way];
    summary[way] = {
      longest_task_ms: roundMs(median(r.map((x) => x.longest_task_ms))),
      longest_task_ms_reps: r.map((x) => x.longest_task_ms),
      long_tasks: median(r.map((x) => x.long_tasks)),
      long_task_total_ms: roundMs(median(r.map((x) => x.long_task_total_ms))),
      wall_s: Math.round(median(r.map((x) => x.wall_s)) * 1000) / 1000,
      longest_scripts: r.flatMap((x) => x.scripts).slice(0, 6),
    };
  }
  return {
    observed,
    reps,
    ...summary,
    note: 'longest_task_ms: the longest main-thread task (longtask entries, over 50 ms; 0 = none) while the file was read, median of the rounds; wall_s: from the call to the result shown',
  };
}
