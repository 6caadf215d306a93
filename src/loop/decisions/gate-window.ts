/**
 * The training window and the gate's rows, split in time (out-of-time validation, as a deployed model
 * meets its data): of the policy's window from the training store, the newest share (`gate.holdout`)
 * goes to the gate and no model trains on it; the candidate trains on the older rows only.
 *
 * "Unseen by both" is then bookkeeping on the store's push order: a model trained on a window taken
 * when the store had received `storeTotal` rows, with its newest `gateRows` held out, never saw a row
 * whose push ordinal is above `storeTotal - gateRows` (`trainedUpTo`). The gate pairs the candidate and
 * production on the newest of the candidate's gate rows that are also above production's `trainedUpTo`.
 */
import type { Rng } from '../../../datasets/random';
import type { Examples } from '../../model/index';
import type { LabelledBuffer, Window } from '../engine/buffer';
import type { DataPolicy, GatePolicy } from './policy';

/** A training window whose tail (`gateRows` rows) is the gate's, with the store's count when taken. */
export interface GateWindow extends Window {
  /** The last `gateRows` rows of `examples` are the gate's (newest, distinct, never trained on). */
  gateRows: number;
  /** Rows ever pushed to the training store when the window was taken. */
  storeTotal: number;
}

/** True when a window carries the gate's split (windows from the training store do; the first version's does not). */
export function isGateWindow(w: Window): w is GateWindow {
  return typeof (w as Partial<GateWindow>).gateRows === 'number' && typeof (w as Partial<GateWindow>).storeTotal === 'number';
}

/** The gate's share of a window of `rows` rows. */
export function gateRowCount(rows: number, holdout: number): number {
  return Math.min(rows, Math.round(rows * holdout));
}

function concat(parts: { ex: Examples; rows: number[] }[], like: Examples): Examples {
  const c = like.inputShape[0] as number;
  const total = parts.reduce((n, p) => n + p.rows.length, 0);
  const features = new Float32Array(total * c);
  const labels = new Int32Array(total);
  let i = 0;
  for (const p of parts)
    for (const r of p.rows) {
      features.set(p.ex.features.subarray(r * c, (r + 1) * c), i * c);
      labels[i] = p.ex.labels[r] as number;
      i++;
    }
  return { features, labels, rows: total, inputShape: like.inputShape, classes: like.classes };
}

/**
 * The policy's window with the gate's rows at its tail. `recent` and `all`: the newest rows in arrival
 * order, the newest share held out. `recent-weighted`: the gate takes the newest share of the span;
 * as many training rows are drawn (seeded, with replacement) from the older rows, row k (0 = the
 * newest of them) with weight 2^(-k / halfLifeRows).
 */
export function takeWindow(buffer: LabelledBuffer, data: DataPolicy, gate: Pick<GatePolicy, 'holdout'>, rng: Rng): GateWindow {
  const span = data.kind === 'all' ? data.maxRows : data.rows;
  const w = buffer.recent(span);
  const gateRows = gateRowCount(w.examples.rows, gate.holdout);
  if (data.kind !== 'recent-weighted') return { ...w, gateRows, storeTotal: buffer.total };
  const pool = w.examples.rows - gateRows;
  const cumulative = new Float64Array(pool);
  let sum = 0;
  for (let k = 0; k < pool; k++) cumulative[k] = sum += Math.pow(2, -k / data.halfLifeRows);
  const drawn: number[] = [];
  for (let i = 0; i < pool; i++) {
    const u = rng.next() * sum;
    let lo = 0;
    let hi = pool - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) > u) hi = mid;
      else lo = mid + 1;
    }
    drawn.push(pool - 1 - lo);
  }
  drawn.sort((a, b) => a - b);
  const tail = Array.from({ length: gateRows }, (_, i) => pool + i);
  return { ...w, examples: concat([{ ex: w.examples, rows: drawn }, { ex: w.examples, rows: tail }], w.examples), gateRows, storeTotal: buffer.total };
}

/** Splits a window into training rows and the gate's rows (its tail; a window without a split holds out its last `holdout` share). */
export function splitWindow(w: Window, holdout: number): { train: Examples; gate: Examples; gateRows: number } {
  const ex = w.examples;
  const gateRows = isGateWindow(w) ? w.gateRows : gateRowCount(ex.rows, holdout);
  const all = Array.from({ length: ex.rows }, (_, i) => i);
  return { train: concat([{ ex, rows: all.slice(0, ex.rows - gateRows) }], ex), gate: concat([{ ex, rows: all.slice(ex.rows - gateRows) }], ex), gateRows };
}

/** Push ordinal of the newest row a model trained on this window could have seen (0: none of the store's). */
export function trainedUpTo(w: Window): number {
  return isGateWindow(w) ? w.storeTotal - w.gateRows : 0;
}
