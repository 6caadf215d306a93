/**
 * Timing helpers shared by the `fastest` probe and the benchmarks: a warm-up step timed on its own
 * (it includes shader compilation and first uploads), then repeated steps, reported as a median.
 */

/** The median of a non-empty list (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Options for `timeSteps`. */
export interface TimingOptions {
  /** Untimed steps after the first (timed) warm-up step. Default 1. */
  extraWarmup?: number;
  /** Measured steps at least (default 3) and at most (default 20). */
  minSteps?: number;
  maxSteps?: number;
  /** Stop measuring once this much time was spent, after `minSteps` (default 1000 ms). */
  budgetMs?: number;
}

/** What `timeSteps` measured. */
export interface Timing {
  warmupMs: number;
  stepMs: number[];
  medianMs: number;
}

/**
 * Times an async step: the first call alone (warm-up), a few untimed calls, then measured calls until
 * `maxSteps` or the time budget. Each step must finish its work before resolving (read its result).
 */
export async function timeSteps(step: () => Promise<void>, options: TimingOptions = {}): Promise<Timing> {
  const { extraWarmup = 1, minSteps = 3, maxSteps = 20, budgetMs = 1000 } = options;
  let t0 = performance.now();
  await step();
  const warmupMs = performance.now() - t0;
  for (let i = 0; i < extraWarmup; i++) await step();
  const stepMs: number[] = [];
  const start = performance.now();
  while (stepMs.length < maxSteps && (stepMs.length < minSteps || performance.now() - start < budgetMs)) {
    t0 = performance.now();
    await step();
    stepMs.push(performance.now() - t0);
  }
  return { warmupMs, stepMs, medianMs: median(stepMs) };
}
