/**
 * Tumbling windows over the observation stream, by count (every `size` responses) or by simulated
 * time (every `sizeMs`, aligned to multiples of it), with a bounded history of closed windows.
 *
 * A window holds the three views (health, behaviour, quality). Responses go to the window open when
 * they arrive; a label goes to the window open when it arrives (quality is "what we learned during this
 * window"), not to the window of its request, which may be long closed. With time windows every
 * observation moves the clock; a gap in traffic closes empty windows (volume 0 is a fact worth
 * charting), at most `history` of them. An observation older than the open window (out of order) is
 * counted in the open window. Memory: `history` snapshots plus one open window.
 */
import { MonitoringInputError } from '../errors';
import type { WindowSpec } from '../types';
import { BehaviourAccumulator, type BehaviourSnapshot } from './behaviour';
import { HealthAccumulator, type HealthSnapshot } from './health';
import { QualityAccumulator, type QualitySnapshot } from './quality';

/** Figures of one window. */
export interface WindowSnapshot {
  /** Sequence number of the window (0, 1, ...): for time windows, ⌊start / sizeMs⌋. */
  index: number;
  /** First response index (count windows) or start time in ms (time windows). */
  start: number;
  /** End (exclusive) in the same unit; for the open count window, the index it will close at. */
  end: number;
  /** False for the window still open. */
  closed: boolean;
  health: HealthSnapshot;
  behaviour: BehaviourSnapshot;
  quality: QualitySnapshot;
}

/** The three accumulators of one window. */
export class WindowAccumulators {
  readonly health = new HealthAccumulator();
  readonly behaviour = new BehaviourAccumulator();
  readonly quality = new QualityAccumulator();
  responses = 0;

  merge(other: WindowAccumulators): void {
    this.health.merge(other.health);
    this.behaviour.merge(other.behaviour);
    this.quality.merge(other.quality);
    this.responses += other.responses;
  }
}

/** Validates a window spec. */
export function checkWindowSpec(spec: WindowSpec): WindowSpec {
  if (spec?.kind === 'count') {
    if (!Number.isInteger(spec.size) || spec.size < 1) throw new MonitoringInputError('window.size', `must be a positive integer, got ${spec.size}`);
  } else if (spec?.kind === 'time') {
    if (!(spec.sizeMs > 0) || !Number.isFinite(spec.sizeMs)) throw new MonitoringInputError('window.sizeMs', `must be a positive number of milliseconds, got ${spec.sizeMs}`);
  } else throw new MonitoringInputError('window.kind', `must be "count" or "time", got ${String((spec as { kind?: unknown })?.kind)}`);
  return spec;
}

/** A windowed series of accumulators with a bounded history. */
export class WindowedMetrics {
  readonly spec: WindowSpec;
  readonly historyLimit: number;
  /** The open window. */
  current = new WindowAccumulators();
  /** All-time totals for this series. */
  readonly total = new WindowAccumulators();
  private readonly closedWindows: WindowSnapshot[] = [];
  private index = 0;
  private start = 0;
  private responses = 0;
  private started = false;

  constructor(spec: WindowSpec, historyLimit = 120) {
    this.spec = checkWindowSpec(spec);
    if (!Number.isInteger(historyLimit) || historyLimit < 1) throw new MonitoringInputError('history', `must be a positive integer, got ${historyLimit}`);
    this.historyLimit = historyLimit;
  }

  /** Closed windows, oldest first (at most `historyLimit`). */
  get history(): readonly WindowSnapshot[] {
    return this.closedWindows;
  }

  private close(): void {
    this.closedWindows.push(this.snapshotOf(this.current, true));
    if (this.closedWindows.length > this.historyLimit) this.closedWindows.shift();
    this.current = new WindowAccumulators();
  }

  /** Moves the clock to `t` (time windows): closes every window that ended at or before t. */
  advanceTime(t: number): void {
    if (this.spec.kind !== 'time') return;
    const size = this.spec.sizeMs;
    const target = Math.floor(t / size);
    if (!this.started) {
      this.started = true;
      this.index = target;
      this.start = target * size;
      return;
    }
    if (target <= this.index) return;
    // Close the open window, then at most historyLimit empty ones; skip the rest of a long gap.
    this.close();
    const firstEmpty = this.index + 1;
    const emptyFrom = Math.max(firstEmpty, target - this.historyLimit);
    for (let i = emptyFrom; i < target; i++) {
      this.index = i;
      this.start = i * size;
      this.close();
    }
    this.index = target;
    this.start = target * size;
  }

  /** Called before a response is added: closes a full count window. */
  beforeResponse(t: number): WindowAccumulators {
    if (this.spec.kind === 'count') {
      if (this.current.responses >= this.spec.size) {
        this.close();
        this.index++;
        this.start = this.responses;
      }
    } else this.advanceTime(t);
    this.responses++;
    this.current.responses++;
    this.total.responses++;
    return this.current;
  }

  private snapshotOf(acc: WindowAccumulators, closed: boolean): WindowSnapshot {
    const end = this.spec.kind === 'count' ? this.start + this.spec.size : this.start + this.spec.sizeMs;
    return { index: this.index, start: this.start, end, closed, health: acc.health.snapshot(), behaviour: acc.behaviour.snapshot(), quality: acc.quality.snapshot() };
  }

  /** The open window's figures. */
  currentSnapshot(): WindowSnapshot {
    return this.snapshotOf(this.current, false);
  }

  /** All-time figures (index -1). */
  totalSnapshot(): Omit<WindowSnapshot, 'index' | 'start' | 'end' | 'closed'> {
    return { health: this.total.health.snapshot(), behaviour: this.total.behaviour.snapshot(), quality: this.total.quality.snapshot() };
  }
}
