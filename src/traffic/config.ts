/**
 * The request stream's configuration as plain JSON, its defaults and its validation (a bad field
 * gets a TrafficError naming it).
 */
import type { DatasetRef } from '../../datasets/catalog';
import { findScenario, SCENARIO_NAMES } from '../../datasets/scenarios/library';
import type { Scenario } from '../../datasets/scenarios/types';
import type { ArrivalProcess, Seasonality } from './arrivals';
import { DEFECT_KINDS, type DefectKind } from './defects';
import { TrafficError } from './errors';

/** When labels arrive. */
export interface LabelConfig {
  /** Base delay in simulated seconds (default: the scenario's, else 60). */
  delay?: number;
  /** Extra delay uniform in [0, jitter) seconds (default 0). */
  jitter?: number;
  /** The delay grows by this many seconds per simulated second (default 0). */
  growth?: number;
  /** Share of requests whose label ever arrives, in [0, 1] (default 1). */
  share?: number;
  /** The feed stalls from `from` to `to` seconds: labels due then arrive at `to`, or never if `lost` or no `to`. */
  stall?: { from: number; to?: number; lost?: boolean };
  /** Most labels waiting at once (default 1 000 000); more are dropped and counted. */
  capacity?: number;
}

/** Everything a request stream needs. Same config -> the same stream, byte for byte. */
export interface StreamConfig {
  /** A scenario of the library by name, or a scenario object. */
  scenario: string | Scenario;
  seed: number;
  /** Run the scenario on another dataset of the catalogue. */
  dataset?: DatasetRef;
  /** Requests per simulated second (default: the scenario's, else 10). */
  rate?: number;
  /** Exponential gaps (default) or evenly spaced requests. */
  arrivals?: ArrivalProcess;
  seasonality?: Seasonality;
  /** Share of bad requests in [0, 1], and the kinds to draw from (default all). */
  badRequests?: { share: number; kinds?: DefectKind[] };
  labels?: LabelConfig;
  /** Stop after this many requests (default: never). */
  limit?: number;
  /** Request ids are `${idPrefix}${index}` (default "r"). */
  idPrefix?: string;
}

function bad(field: string, reason: string): never {
  throw new TrafficError(field, reason);
}

function num(field: string, v: unknown, min: number, max: number, opts: { above?: boolean; integer?: boolean } = {}): number {
  const ok = typeof v === 'number' && Number.isFinite(v) && (opts.above ? v > min : v >= min) && v <= max && (!opts.integer || Number.isInteger(v));
  if (!ok) bad(field, `must be ${opts.integer ? 'a whole number' : 'a number'} ${opts.above ? 'above' : 'from'} ${min}${max < Infinity ? ` ${opts.above ? 'and at most' : 'to'} ${max}` : ''}, got ${JSON.stringify(v)}`);
  return v as number;
}

/** Resolves a scenario name (or returns the object as is: the source validates it). */
export function resolveScenario(scenario: unknown): Scenario {
  if (typeof scenario === 'string') {
    const found = findScenario(scenario);
    if (!found) bad('scenario', `unknown scenario "${scenario}"; known: ${SCENARIO_NAMES.join(', ')}`);
    return found;
  }
  if (typeof scenario !== 'object' || scenario === null) bad('scenario', 'must be a scenario name or a scenario object');
  return scenario as Scenario;
}

/** Validates a stream configuration; returns it typed, or throws a TrafficError naming the field. */
export function validateStreamConfig(config: unknown): StreamConfig {
  if (typeof config !== 'object' || config === null) bad('config', 'must be an object');
  const c = config as Record<string, unknown>;
  resolveScenario(c.scenario);
  num('seed', c.seed, -(2 ** 53), 2 ** 53, { integer: true });
  if (c.rate !== undefined) num('rate', c.rate, 0, 1e6, { above: true });
  if (c.arrivals !== undefined && c.arrivals !== 'poisson' && c.arrivals !== 'regular') bad('arrivals', 'must be "poisson" or "regular"');
  if (c.seasonality !== undefined) {
    const s = c.seasonality as Record<string, unknown>;
    if (typeof s !== 'object' || s === null) bad('seasonality', 'must be { amplitude, period?, peak? }');
    num('seasonality.amplitude', s.amplitude, 0, 0.99);
    if (s.period !== undefined) num('seasonality.period', s.period, 0, 1e9, { above: true });
    if (s.peak !== undefined) num('seasonality.peak', s.peak, 0, 1e9);
  }
  if (c.badRequests !== undefined) {
    const b = c.badRequests as Record<string, unknown>;
    if (typeof b !== 'object' || b === null) bad('badRequests', 'must be { share, kinds? }');
    num('badRequests.share', b.share, 0, 1);
    if (b.kinds !== undefined) {
      if (!Array.isArray(b.kinds) || b.kinds.length === 0) bad('badRequests.kinds', `must be a non-empty list of ${DEFECT_KINDS.join(', ')}`);
      b.kinds.forEach((k, i) => DEFECT_KINDS.includes(k as DefectKind) || bad(`badRequests.kinds[${i}]`, `must be one of ${DEFECT_KINDS.join(', ')}, got ${JSON.stringify(k)}`));
    }
  }
  if (c.labels !== undefined) {
    const l = c.labels as Record<string, unknown>;
    if (typeof l !== 'object' || l === null) bad('labels', 'must be an object');
    if (l.delay !== undefined) num('labels.delay', l.delay, 0, 1e9);
    if (l.jitter !== undefined) num('labels.jitter', l.jitter, 0, 1e9);
    if (l.growth !== undefined) num('labels.growth', l.growth, 0, 1e6);
    if (l.share !== undefined) num('labels.share', l.share, 0, 1);
    if (l.capacity !== undefined) num('labels.capacity', l.capacity, 1, 1e7, { integer: true });
    if (l.stall !== undefined) {
      const s = l.stall as Record<string, unknown>;
      if (typeof s !== 'object' || s === null) bad('labels.stall', 'must be { from, to?, lost? }');
      const from = num('labels.stall.from', s.from, 0, 1e12);
      if (s.to !== undefined && num('labels.stall.to', s.to, 0, 1e12) <= from) bad('labels.stall.to', 'must come after from');
      if (s.lost !== undefined && typeof s.lost !== 'boolean') bad('labels.stall.lost', 'must be true or false');
    }
  }
  if (c.limit !== undefined) num('limit', c.limit, 0, 1e12, { integer: true });
  if (c.idPrefix !== undefined && (typeof c.idPrefix !== 'string' || !/^[\w.-]{0,20}$/.test(c.idPrefix))) bad('idPrefix', 'must be up to 20 letters, digits, "_", "-" or "."');
  return c as unknown as StreamConfig;
}
