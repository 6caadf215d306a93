/**
 * The health panels in words, one sentence per panel (latency, errors, volume), for readers who
 * cannot see the canvases and for everyone who wants the numbers. Pure: no DOM.
 */
import { ERROR_STATUS } from '../../src/serving/protocol';
import type { HealthData } from './health-history';
import { count, percent } from './monitor-summary';

/** The three panels' sentences. */
export interface HealthSummary {
  latency: string;
  errors: string;
  volume: string;
}

/** A latency in ms with 2 decimals (never "NaN"). */
function ms(v: number): string {
  return Number.isFinite(v) ? `${v.toFixed(2)} ms` : '—';
}

/** What the latency is, in words: measured in this browser, or the deterministic simulated one (a recording's). */
export function latencyKind(source: 'measured' | 'simulated' | undefined): string {
  return source === 'measured'
    ? 'measured in this browser from request to answer, micro-batching included'
    : 'simulated (a version\'s cost from its size, with seeded jitter), so that a recording replays the same';
}

/**
 * How much of the measured latency is the model's own computation: its mean time per micro-batch and
 * per request over every model call so far; empty when the model was not timed (simulated latency) or
 * has not run.
 */
export function modelShareSentence(model: HealthData['model'], source: 'measured' | 'simulated' | undefined): string {
  if (source !== 'measured' || !model || model.calls < 1 || model.rows < 1 || !(model.ms >= 0)) return '';
  const perBatch = model.ms / model.calls;
  const perRequestUs = (model.ms * 1000) / model.rows;
  return ` The model's own computation takes ${ms(perBatch)} of a micro-batch of about ${count(Math.round(model.rows / model.calls))} requests on average (${perRequestUs.toFixed(1)} µs a request, over ${count(model.calls)} micro-batches); the rest of the latency is checking, encoding and routing the requests.`;
}

/** Writes the sentences of `data`; `source` says where the latency comes from (the snapshot's `latencySource`). */
export function summarizeHealth(data: HealthData, source?: 'measured' | 'simulated'): HealthSummary {
  const w = data.last;
  if (!w) {
    const none = `No request answered yet (${count(data.position)} sent).`;
    return { latency: none, errors: none, volume: none };
  }
  const where = `requests ${count(w.start)} to ${count(w.end)}`;
  const latency = w.latency ? `Latency of the answers in the last window (${where}): p50 ${ms(w.latency.p50)}, p95 ${ms(w.latency.p95)}, p99 ${ms(w.latency.p99)}, ${latencyKind(source)}. Half of the answers are faster than p50, all but 1 in 100 faster than p99.${modelShareSentence(data.model, source)}` : `No answer in the last window (${where}): every request got an error.`;
  const kinds = Object.entries(data.totals.byKind)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${count(n)} ${k} (${ERROR_STATUS[k as keyof typeof ERROR_STATUS]})`);
  const errors =
    data.totals.errors === 0
      ? `No error answers in ${count(data.totals.requests)} requests.`
      : `${count(data.totals.errors)} error answers in ${count(data.totals.requests)} requests (${percent(data.totals.errors / data.totals.requests)}): ${kinds.join(', ')}. Last window: ${percent(w.errors / Math.max(1, w.requests))} errors.`;
  const volume = w.perSecond === null ? `Too few requests in the last window (${where}) to measure the rate.` : `Traffic in the last window (${where}): ${w.perSecond.toFixed(1)} requests per simulated second, ${count(w.requests)} requests.`;
  return { latency, errors, volume };
}
