/**
 * A compare's runs in parallel: each policy's run is independent of the others (same config, same
 * stream, its own Lab), so a compare of n policies can run as n single runs at once, one per Lab
 * worker, and be merged back in policy order (src/loop/compare/parts.ts). Run 0 goes to the client's
 * own Lab worker, runs 1..n-1 to the pool's workers (each a Lab worker of its own, started on the
 * first compare that needs it and kept warm until the client is disposed). Each part is `runCompare`
 * with `only` in a realm of its own, so the merged result is the sequential compare, byte for byte.
 *
 * The first version is fitted once, in the own worker, before the parts start (`compareFirstFits`),
 * and every part takes its weights: the runs of a compare all fit the same v1, so the pool's work in
 * all is the sequential compare's, spread over the cores.
 *
 * Only a compare with its own config and no fork is split (a fork's config is the running Lab's,
 * which only the client's own worker holds), and by default only when the machine has a core for
 * each run besides the page's: on a 2-core machine shared with other work, three Lab workers ran a
 * three-policy compare slower than one worker running it alone (bench/README.md, `loop-compare`).
 * Anything else, and a pool that cannot start its workers, goes to the client's own worker as
 * before (sequential). No Lab and no tfjs here.
 */
import { LabError } from '../errors';
import type { CompareResult, CompareSettings } from '../loop/compare/runner';
import { mergeCompareParts } from '../loop/compare/parts';
import type { LabConfig, Policy } from '../loop/index';
import type { SharedFit } from '../loop/decisions/training';

/** What the pool needs of a Lab client: a compare, or one run of it (`only`), and closing. */
export interface CompareTarget {
  compare(policies: (string | Policy)[], options: { config?: LabConfig; settings?: CompareSettings; only?: number; firstFits?: SharedFit[] }): Promise<CompareResult>;
  /** The compare's first-version fit, made once (runner.ts compareFirstFits). */
  compareFirstFits(policies: (string | Policy)[], options: { config: LabConfig; settings?: CompareSettings }): Promise<SharedFit[]>;
  dispose(): Promise<void>;
}

/** Fewest and most policies a compare may have (src/loop/compare/runner.ts); outside, the own worker answers with its error. */
const SPLIT_MIN = 2;
const SPLIT_MAX = 4;

/** See the file comment. */
export class ComparePool {
  private readonly workers: CompareTarget[] = [];
  /** False once a worker failed to start or run: every later compare goes to the own worker. */
  private usable = true;
  private closed = false;

  /**
   * @param start starts one more pool worker (a Lab client on its own dedicated Worker).
   * @param cores the machine's logical cores (`navigator.hardwareConcurrency`): a compare is split
   *   only when there are more than its runs; null splits whatever the cores.
   */
  constructor(
    private readonly start: () => CompareTarget,
    private readonly cores: number | null = null,
  ) {}

  /** Whether this compare is split across workers (its own config, no fork, 2 to 4 policies, a core for each run). */
  splits(policies: unknown, options: { config?: LabConfig; forkAt?: number; only?: number }): boolean {
    if (!this.usable || this.closed || options.config === undefined || options.forkAt !== undefined || options.only !== undefined) return false;
    if (!Array.isArray(policies) || policies.length < SPLIT_MIN || policies.length > SPLIT_MAX) return false;
    return this.cores === null || this.cores > policies.length;
  }

  /** Pool workers started so far (kept warm for the next compare). */
  get size(): number {
    return this.workers.length;
  }

  /**
   * Runs the compare of `policies` with run 0 on `own` and run i on pool worker i - 1, and merges
   * the runs in policy order. A bad compare rejects with `own`'s error (every part checks the whole
   * list first). If a pool worker cannot be started or fails (it could not load, or died), the pool
   * is dropped and the whole compare runs on `own`.
   */
  async compare(own: CompareTarget, policies: (string | Policy)[], options: { config: LabConfig; settings?: CompareSettings }): Promise<CompareResult> {
    const base = { config: options.config, ...(options.settings !== undefined ? { settings: options.settings } : {}) };
    try {
      while (this.workers.length < policies.length - 1) this.workers.push(this.start());
    } catch {
      // The browser refused another worker (a Worker constructor may throw): the own worker does it all.
      await this.drop();
      return own.compare(policies, base);
    }
    // Every run fits the same first version: the own worker fits it once (a bad compare rejects here,
    // with the own worker's error) and every part takes its weights, so no worker fits it again.
    const firstFits = await own.compareFirstFits(policies, base);
    const parts = [own.compare(policies, { ...base, only: 0, firstFits }), ...policies.slice(1).map((_, i) => (this.workers[i] as CompareTarget).compare(policies, { ...base, only: i + 1, firstFits }))];
    const settled = await Promise.allSettled(parts);
    // The own worker's verdict first: a bad compare is its error, as without the pool.
    const head = settled[0] as PromiseSettledResult<CompareResult>;
    if (head.status === 'rejected') throw head.reason;
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (!failed) return mergeCompareParts(settled.map((s) => (s as PromiseFulfilledResult<CompareResult>).value));
    if (failed.reason instanceof LabError && failed.reason.code === 'worker-failed' && !this.closed) {
      await this.drop();
      return own.compare(policies, base);
    }
    throw failed.reason;
  }

  /** Terminates every pool worker. */
  async dispose(): Promise<void> {
    this.closed = true;
    await this.drop();
  }

  private async drop(): Promise<void> {
    this.usable = false;
    const workers = this.workers.splice(0);
    await Promise.all(workers.map((w) => w.dispose()));
  }
}
