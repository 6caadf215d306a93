/**
 * The endpoint's public shapes: its options (and their validation), where a request is addressed,
 * who deploys, what an observer hears of each finished request, and the statistics it reports.
 */
import type { DatasetSchema } from '../../datasets/types';
import { DEFAULT_BUCKETS, validateBuckets } from './buckets';
import { EndpointConfigError } from './errors';
import { DEFAULT_LIMITS } from './parse';
import { realClock, realScheduler } from './scheduler';
import type { ModelRegistry } from '../registry/registry';
import type { Alias } from '../registry/types';
import type { FallbackRule } from './fallback';
import type { RequestLimits } from './parse';
import type { ErrorKind } from './protocol';
import type { RoutingPolicy } from './router';
import type { Clock, Scheduler } from './scheduler';
import type { PredictFault } from './served-model';
import type { ShadowLog, VersionStatsSnapshot } from './stats';

/** Options of an Endpoint. */
export interface EndpointOptions {
  registry: ModelRegistry;
  /** The model name requests address (`model_name` in answers). */
  name: string;
  /** The request schema; every deployed version must have the same features and classes. */
  schema: DatasetSchema;
  /** Answers when nothing is deployed or the model fails (default: none, so 503 / 500). */
  fallback?: FallbackRule | null;
  routing?: RoutingPolicy;
  /** Batch sizes warmed up at deploy (default 1, 8, 32, 128). */
  buckets?: number[];
  /** Flush when this many rows are queued (default: the largest bucket). */
  maxBatchRows?: number;
  /** Longest wait for a batch to fill, in ms (default 2). */
  windowMs?: number;
  /** Most rows queued on one model; beyond it requests get a 503 (default 65536: a bounded queue). */
  maxQueueRows?: number;
  scheduler?: Scheduler;
  now?: Clock;
  limits?: Partial<RequestLimits>;
  /** Salt of the routing hash (default: the endpoint name). */
  salt?: string;
  /** Fault injection for drills and tests. */
  faults?: { predict?: PredictFault };
}

/** Where a request is addressed (the model name and optional version of `/v2/models/<name>/versions/<v>`). */
export interface InferTarget {
  model?: string;
  version?: string;
}

/** Who deploys, why, and to which alias (default production). */
export interface DeployContext {
  alias?: Alias;
  reason?: string;
  actor?: string;
  simTime?: number;
}

/**
 * One finished request, for observers (monitors, the lab's event stream): who answered, how, how
 * fast, and — when the request was readable — its encoded feature rows and the probabilities sent.
 */
export interface ServedEvent {
  id: string | null;
  /** The version that answered or failed ("fallback" when the rule answered; null if none was routed). */
  version: string | null;
  status: 200 | 400 | 404 | 422 | 500 | 503;
  kind?: ErrorKind;
  rows: number;
  /** Endpoint-clock time of the answer, and the request's latency (queue + compute), ms. */
  at: number;
  latencyMs: number;
  fallback: boolean;
  /** Row-major model inputs in schema order (absent when the request could not be read). */
  features?: Float32Array;
  /** Row-major class probabilities returned (absent on errors). */
  probabilities?: Float32Array;
}

/** Totals over every version: each request ends as exactly one of ok, fallback or an error kind. */
export interface EndpointStats {
  totals: { requests: number; ok: number; fallback: number; errors: Record<ErrorKind, number>; modelFailures: number };
  versions: Record<string, VersionStatsSnapshot>;
  shadow: ReturnType<ShadowLog['snapshot']>;
  /**
   * Micro-batches run, their mean rows, and `modelMs`: the wall-clock milliseconds spent inside the
   * model calls, measured in this process (it differs from run to run; no answer or decision reads it).
   */
  batches: { count: number; meanRows: number; modelMs: number };
}

/** The batching and queueing settings of an endpoint, validated, with their defaults filled in. */
export interface EndpointSettings {
  buckets: number[];
  maxBatchRows: number;
  windowMs: number;
  maxQueueRows: number;
  scheduler: Scheduler;
  now: Clock;
  limits: RequestLimits;
  salt: string;
}

/** Validates `options` (EndpointConfigError naming the field) and fills the defaults. */
export function endpointSettings(options: EndpointOptions): EndpointSettings {
  if (typeof options.name !== 'string' || !/^[\w.-]{1,64}$/.test(options.name)) throw new EndpointConfigError('name', 'must be 1 to 64 letters, digits, ".", "_" or "-"');
  const buckets = validateBuckets(options.buckets ?? DEFAULT_BUCKETS);
  const maxBatchRows = options.maxBatchRows ?? (buckets[buckets.length - 1] as number);
  if (!Number.isInteger(maxBatchRows) || maxBatchRows < 1) throw new EndpointConfigError('maxBatchRows', 'must be a whole number >= 1');
  const windowMs = options.windowMs ?? 2;
  if (!(windowMs >= 0 && windowMs <= 1000)) throw new EndpointConfigError('windowMs', 'must be from 0 to 1000 ms');
  const maxQueueRows = options.maxQueueRows ?? 65_536;
  if (!Number.isInteger(maxQueueRows) || maxQueueRows < 1) throw new EndpointConfigError('maxQueueRows', 'must be a whole number >= 1');
  return { buckets, maxBatchRows, windowMs, maxQueueRows, scheduler: options.scheduler ?? realScheduler, now: options.now ?? realClock, limits: { ...DEFAULT_LIMITS, ...options.limits }, salt: options.salt ?? options.name };
}
