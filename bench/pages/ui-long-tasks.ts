/**
 * Bench `ui`: the main thread's long tasks, with what ran in them. Two observers start as soon as
 * this module loads, both `buffered` so that the page's first load (before the bench code ran) is
 * seen too:
 * - `longtask` (> 50 ms on the main thread): the durations the frame figures use;
 * - `long-animation-frame` (Chromium 123+): frames that took over 50 ms, with the scripts that ran in
 *   them (entry point, source URL and function, and their durations), to find what to fix.
 * Each entry is kept with the bench phase current when it was reported (`load`, `idle`, `training`,
 * `streaming`, `other`).
 */
import { roundMs } from '../lib/numbers';

/** What the bench was doing when a long task was reported. */
export type LongTaskPhase = 'load' | 'idle' | 'training' | 'streaming' | 'other';

interface Task {
  phase: LongTaskPhase;
  start: number;
  duration: number;
}

interface FrameScript {
  phase: LongTaskPhase;
  duration: number;
  what: string;
}

/** The `long-animation-frame` entry's script records (not in TypeScript's DOM types yet). */
interface LoafScript {
  duration: number;
  invoker?: string;
  invokerType?: string;
  sourceURL?: string;
  sourceFunctionName?: string;
}

let phase: LongTaskPhase = 'load';
const tasks: Task[] = [];
const scripts: FrameScript[] = [];

/** Sets the phase later entries are counted in. */
export function setLongTaskPhase(next: LongTaskPhase): void {
  phase = next;
}

/** The phase of an entry that started at `start` (entries of the load come in buffered, after it). */
const phaseAt = (start: number) => (phase === 'load' || start < loadEnd ? 'load' : phase);
let loadEnd = Number.POSITIVE_INFINITY;

/** Marks the end of the first load: entries that started before now count as `load`. */
export function endOfLoad(): void {
  loadEnd = performance.now();
}

try {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) tasks.push({ phase: phaseAt(entry.startTime), start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
} catch {
  // no long-task timing in this browser: nothing is recorded and `observed` says so
}
try {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const p = phaseAt(entry.startTime);
      for (const s of ((entry as unknown as { scripts?: LoafScript[] }).scripts ?? [])) {
        const file = (s.sourceURL ?? '').replace(/^https?:\/\/[^/]+/, '').replace(/\?.*$/, '');
        scripts.push({ phase: p, duration: s.duration, what: `${s.invokerType ?? '?'} ${s.invoker ?? ''} -> ${s.sourceFunctionName || '(anonymous)'} @ ${file || '?'}` });
      }
    }
  }).observe({ type: 'long-animation-frame', buffered: true });
} catch {
  // no long-animation-frame timing: `scripts` stays empty
}

/** The long tasks of the given phases: count, total, longest, the durations (longest first) and the scripts that ran longest in long frames. */
export function longTaskSummary(phases: readonly LongTaskPhase[]) {
  const mine = tasks.filter((t) => phases.includes(t.phase));
  const durations = mine.map((t) => t.duration).sort((a, b) => b - a);
  const byScript = new Map<string, { total: number; count: number; max: number }>();
  for (const s of scripts.filter((x) => phases.includes(x.phase))) {
    const e = byScript.get(s.what) ?? { total: 0, count: 0, max: 0 };
    e.total += s.duration;
    e.count += 1;
    e.max = Math.max(e.max, s.duration);
    byScript.set(s.what, e);
  }
  return {
    count: mine.length,
    total_ms: roundMs(durations.reduce((a, b) => a + b, 0)),
    max_ms: durations.length ? roundMs(durations[0] as number) : 0,
    durations_ms: durations.slice(0, 20).map(roundMs),
    per_phase: Object.fromEntries(phases.map((p) => [p, mine.filter((t) => t.phase === p).length])),
    scripts_in_long_frames: [...byScript]
      .sort((a, b) => b[1].total - a[1].total)
      .slice(0, 10)
      .map(([what, e]) => ({ what, count: e.count, total_ms: roundMs(e.total), max_ms: roundMs(e.max) })),
    observed: PerformanceObserver.supportedEntryTypes.includes('longtask'),
  };
}
