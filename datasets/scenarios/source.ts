/**
 * The scenario engine: turns a scenario and a seed into records, one at a time, with what changed
 * on each (the concept id, the segment, incidents, the label feed's state). Same scenario + seed ->
 * the same records, on every machine. Pure numbers: the request objects are built in src/traffic.
 *
 * Per record i, in this order:
 * 1. every change's activation at i (scenarios/activation.ts); a gradual change shows on this record
 *    with that probability (one uniform draw per gradual change), an incremental one scales its
 *    magnitude, and discrete effects (class mix, remap, incidents) of an incremental change apply
 *    with that probability;
 * 2. the concept: the dataset's parameters with every active `concept` change merged in (numeric
 *    parameters interpolated along an incremental ramp, in 200 steps);
 * 3. the class, from the class mix when a prior shift is active, then the row of that class
 *    (resampled when a `resample` change is active: accepted with probability
 *    logistic(strength * z) / logistic(|strength|), z = the feature's position in its range, -1..1);
 * 4. covariate changes move the row, and the label follows the labelling function
 *    (y' = f(x') when y was f(x), so label noise is kept);
 * 5. concept changes on the labels (rotated boundary: y = f(R(-θ) x); remap);
 * 6. sensor noise and gain; 7. incidents (unit change, out of range, missing field, label feed).
 */
import { DatasetError } from '../errors';
import { createDataset, type DatasetRef } from '../catalog';
import { createRng, type Rng } from '../random';
import type { Generator } from '../types';
import { activation, sigmoid } from './activation';
import { compileChange, type CompiledChange } from './compile';
import { boundaries, groundTruth } from './truth';
import type { Scenario } from './types';
import { validateScenario } from './validate';

/** A deliberate break in a record (not drift): what the endpoint should notice. */
export interface Incident {
  kind: 'unit-change' | 'out-of-range' | 'missing-field';
  feature: string;
  /** missing-field: the field is absent, or present as null. */
  as?: 'missing' | 'null';
}

/** One record of a scenario. The object and its `row` are reused by the next call: copy what you keep. */
export interface ScenarioRecord {
  /** Position in the stream. */
  index: number;
  /** Encoded features (schema order; categorical as the category index). */
  row: Float64Array;
  /** True class index. */
  label: number;
  /** The changes active on this record, joined by "+" ("base" when none). */
  concept: string;
  /** How many ground-truth boundaries (onsets and ends) lie at or before this record. */
  segment: number;
  /** Incidents on this record (empty for a clean one). */
  incidents: Incident[];
  /** When the label feed stalls for this record: whether the label is lost, else the record index that releases it (null: never). */
  labelStall: { lost: boolean; releaseAt: number | null } | null;
  /** Extra label delay in simulated seconds. */
  labelDelay: number;
}

/** Most generators kept for the concepts met along the stream (incremental ramps make many). */
const CONCEPT_CACHE = 256;
/** Steps an incremental concept ramp is quantized into. */
const RAMP_STEPS = 200;
/** Most rows a resampling change tries for one record before taking the last. */
const RESAMPLE_TRIES = 1000;

/** Options of a scenario source. */
export interface SourceOptions {
  /** Run the scenario on another dataset than its default (its changes must fit that dataset). */
  dataset?: DatasetRef;
  /** Run the scenario on this dataset (e.g. an imported CSV); it wins over `dataset`. */
  generator?: Generator;
  /**
   * Start at this record instead of 0 (to study a window of a long stream). The records follow the
   * same distribution as the full stream's at those positions, but are not the same draws.
   */
  start?: number;
}

/** Draws a scenario's records in order. */
export class ScenarioSource {
  readonly scenario: Scenario;
  readonly dataset: Generator;
  private readonly changes: CompiledChange[];
  private readonly bounds: number[];
  private readonly rows: Rng;
  private readonly mix: Rng;
  private readonly incidentsRng: Rng;
  private readonly concepts = new Map<string, Generator>();
  private readonly names = new Map<number, string>();
  private readonly byMask = new Map<number, Generator>();
  private readonly record: ScenarioRecord;
  private readonly on: Float64Array;
  private readonly before: Float64Array;
  private readonly imageSet: boolean;
  private segment = 0;
  private i = 0;

  constructor(scenario: Scenario, seed: number, options: SourceOptions = {}) {
    const valid = validateScenario(options.dataset && !options.generator ? { ...scenario, dataset: options.dataset } : scenario, options.generator);
    this.scenario = valid;
    this.dataset = options.generator ?? createDataset(valid.dataset as DatasetRef);
    const schema = this.dataset.schema;
    this.changes = valid.changes.map((c, k) => compileChange(c, k, schema));
    this.bounds = boundaries(groundTruth(valid));
    const root = createRng(seed);
    this.rows = root.fork('rows');
    this.mix = root.fork('mix');
    this.incidentsRng = root.fork('incidents');
    const cols = schema.features.length;
    this.on = new Float64Array(this.changes.length);
    this.before = new Float64Array(cols);
    this.imageSet = this.dataset.inputShape.length === 3;
    const start = options.start ?? 0;
    if (!Number.isInteger(start) || start < 0) throw new DatasetError('invalid-scenario', `start must be a record index >= 0, got ${start}`, { start });
    this.i = start;
    this.record = { index: 0, row: new Float64Array(cols), label: 0, concept: 'base', segment: 0, incidents: [], labelStall: null, labelDelay: 0 };
  }

  /** The position of the next record. */
  get position(): number {
    return this.i;
  }

  /** Draws the next record (the returned object is reused: copy what you keep). */
  next(): ScenarioRecord {
    const i = this.i++;
    const r = this.record;
    const changes = this.changes;
    // 1. Activations: on[k] = 0 (off) or the magnitude in (0, 1].
    let mask = 0;
    for (let k = 0; k < changes.length; k++) {
      const c = (changes[k] as CompiledChange).change;
      let a = activation(c, i);
      if (c.shape === 'gradual') a = this.mix.next() < a ? 1 : 0;
      this.on[k] = a;
      if (a > 0) mask |= 1 << k;
    }
    while (this.segment < this.bounds.length && (this.bounds[this.segment] as number) <= i) this.segment++;
    r.index = i;
    r.segment = this.segment;
    r.concept = this.conceptName(mask);
    r.incidents.length = 0;
    r.labelStall = null;
    r.labelDelay = 0;
    const gen = mask === 0 ? this.dataset : this.conceptAt(i, mask);
    // 3. Class and row.
    let cls: number | undefined;
    let resample: CompiledChange | undefined;
    let resampleAmount = 0;
    for (let k = 0; k < changes.length; k++) {
      const a = this.on[k] as number;
      if (a === 0) continue;
      const c = changes[k] as CompiledChange;
      if (c.effect.type === 'class-mix' && (a === 1 || this.mix.next() < a)) cls = pickClass(c.cumulative, this.rows);
      else if (c.effect.type === 'resample') [resample, resampleAmount] = [c, a];
    }
    const row = r.row;
    r.label = resample ? this.drawResampled(gen, row, i, cls, resample, resampleAmount) : gen.draw(row, 0, this.rows, i, cls);
    if (mask !== 0) this.applyChanges(gen, row, i);
    return r;
  }

  /** Steps 4 to 7 for a record with active changes. */
  private applyChanges(gen: Generator, row: Float64Array, i: number): void {
    const r = this.record;
    const changes = this.changes;
    let moved = false;
    let fx = 0;
    for (let k = 0; k < changes.length; k++) {
      const a = this.on[k] as number;
      const c = changes[k] as CompiledChange;
      if (a === 0) continue;
      const e = c.effect;
      if (e.type !== 'mean-shift' && e.type !== 'scale' && e.type !== 'rotate-inputs') continue;
      if (!moved) {
        this.before.set(row);
        fx = gen.label(this.before, i);
        moved = true;
      }
      if (e.type === 'mean-shift') c.cols.forEach((j, m) => (row[j] = (row[j] as number) + (c.amounts[m] as number) * a));
      else if (e.type === 'scale') c.cols.forEach((j, m) => (row[j] = (c.mids[m] as number) + ((row[j] as number) - (c.mids[m] as number)) * (1 + ((c.amounts[m] as number) - 1) * a)));
      else rotate(row, c, (e.degrees * a * Math.PI) / 180);
    }
    if (moved && r.label === fx) r.label = gen.label(row, i);
    for (let k = 0; k < changes.length; k++) {
      const a = this.on[k] as number;
      if (a === 0) continue;
      const c = changes[k] as CompiledChange;
      const e = c.effect;
      switch (e.type) {
        case 'rotate-boundary': {
          this.before.set(row);
          rotate(this.before, c, (-e.degrees * a * Math.PI) / 180);
          r.label = gen.label(this.before, i);
          break;
        }
        case 'label-remap':
          if (r.label === e.from && (a === 1 || this.mix.next() < a) && (!e.where || within(row[c.cols[0] as number] as number, e.where.min, e.where.max))) r.label = e.to;
          break;
        case 'sensor':
          this.degrade(row, c, e.noise ?? 0, e.gain ?? 1, a);
          break;
        case 'unit-change':
          if (a === 1 || this.incidentsRng.next() < a) {
            row[c.cols[0] as number] = (row[c.cols[0] as number] as number) * e.factor;
            r.incidents.push({ kind: 'unit-change', feature: e.feature });
          }
          break;
        case 'out-of-range':
          if (this.incidentsRng.next() < e.share * a) {
            const side = this.incidentsRng.next() < 0.5 ? -1 : 1;
            const width = c.widths[0] as number;
            row[c.cols[0] as number] = (c.mids[0] as number) + side * width * (1 + this.incidentsRng.next());
            r.incidents.push({ kind: 'out-of-range', feature: e.feature });
          }
          break;
        case 'missing-field':
          if (this.incidentsRng.next() < e.share * a) r.incidents.push({ kind: 'missing-field', feature: e.feature, as: e.as ?? 'missing' });
          break;
        case 'label-stall':
          if (a === 1 || this.incidentsRng.next() < a) r.labelStall = { lost: e.lost === true, releaseAt: e.lost === true ? null : (c.change.end ?? null) };
          break;
        case 'label-delay':
          r.labelDelay += e.seconds * a;
          break;
        default:
          break;
      }
    }
  }

  /** Sensor degradation: x <- mid + gain' (x - mid) + N(0, (noise' width)²), clamped for images. */
  private degrade(row: Float64Array, c: CompiledChange, noise: number, gain: number, a: number): void {
    const g = 1 + (gain - 1) * a;
    const sd = noise * a;
    for (let m = 0; m < c.cols.length; m++) {
      const j = c.cols[m] as number;
      // Images: brightness scales from black (0); other sensors scale around their range's middle.
      const mid = this.imageSet ? 0 : (c.mids[m] as number);
      let v = mid + ((row[j] as number) - mid) * g;
      if (sd > 0) v += this.rows.normal(0, sd * (c.widths[m] as number));
      row[j] = this.imageSet ? Math.min(1, Math.max(0, v)) : v;
    }
  }

  private drawResampled(gen: Generator, row: Float64Array, i: number, cls: number | undefined, c: CompiledChange, a: number): number {
    const e = c.effect as { strength: number };
    const s = e.strength * a;
    const top = sigmoid(Math.abs(s));
    const j = c.cols[0] as number;
    let label = 0;
    for (let tries = 0; tries < RESAMPLE_TRIES; tries++) {
      label = gen.draw(row, 0, this.rows, i, cls);
      const z = Math.max(-1, Math.min(1, (2 * ((row[j] as number) - (c.mids[0] as number))) / (c.widths[0] as number)));
      if (this.rows.next() * top < sigmoid(s * z)) break;
    }
    return label;
  }

  /** The generator of the concept in effect at record i (cached). */
  private conceptAt(i: number, mask: number): Generator {
    // Without an incremental ramp the concept depends only on which changes are active.
    let ramp = false;
    for (let k = 0; k < this.changes.length; k++) {
      const c = this.changes[k] as CompiledChange;
      if ((this.on[k] as number) > 0 && c.effect.type === 'concept' && c.change.shape === 'incremental') ramp = true;
    }
    const fast = ramp ? undefined : this.byMask.get(mask);
    if (fast) return fast;
    let params: Record<string, unknown> | null = null;
    for (let k = 0; k < this.changes.length; k++) {
      const a = this.on[k] as number;
      const c = this.changes[k] as CompiledChange;
      if (a === 0 || c.effect.type !== 'concept') continue;
      params ??= { ...(this.dataset.params as Record<string, unknown>) };
      const q = c.change.shape === 'incremental' ? Math.round(a * RAMP_STEPS) / RAMP_STEPS : 1;
      for (const [name, target] of Object.entries(c.effect.params)) {
        const from = params[name];
        params[name] = typeof target === 'number' && typeof from === 'number' && q < 1 ? from + (target - from) * q : q >= 0.5 ? target : from;
      }
    }
    if (!params) {
      this.byMask.set(mask, this.dataset);
      return this.dataset;
    }
    const key = JSON.stringify(params);
    let gen = this.concepts.get(key);
    if (!gen) {
      if (this.concepts.size >= CONCEPT_CACHE) this.concepts.clear();
      try {
        gen = this.dataset.withParams(params);
      } catch (error) {
        throw new DatasetError('invalid-scenario', `record ${i}: the concept's parameters are not valid for ${this.dataset.id}: ${error instanceof Error ? error.message : String(error)}`, { index: i });
      }
      this.concepts.set(key, gen);
    }
    if (!ramp) this.byMask.set(mask, gen);
    return gen;
  }

  private conceptName(mask: number): string {
    if (mask === 0) return 'base';
    let name = this.names.get(mask);
    if (name === undefined) {
      name = this.changes.filter((_, k) => mask & (1 << k)).map((c) => c.id).join('+');
      this.names.set(mask, name);
    }
    return name;
  }
}

/** A class index drawn from cumulative shares. */
function pickClass(cumulative: number[], rng: Rng): number {
  const u = rng.next();
  for (let c = 0; c < cumulative.length; c++) if (u < (cumulative[c] as number)) return c;
  return cumulative.length - 1;
}

function within(x: number, lo: number, hi: number): boolean {
  return x >= lo && x <= hi;
}

/** Rotates the change's two columns of `row` by `angle` radians around the middle of their ranges. */
function rotate(row: Float64Array, c: CompiledChange, angle: number): void {
  const [j1, j2] = c.cols as [number, number];
  const [m1, m2] = c.mids as [number, number];
  const x = (row[j1] as number) - m1;
  const y = (row[j2] as number) - m2;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  row[j1] = m1 + cos * x - sin * y;
  row[j2] = m2 + sin * x + cos * y;
}
