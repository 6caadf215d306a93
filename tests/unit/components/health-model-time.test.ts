/**
 * The health panel's latency sentence says how much of the measured latency is the model's own
 * computation (the endpoint times its model calls: `endpoint.model` of a measuring Lab's snapshot),
 * and says nothing of it for a Lab on simulated latency, whose snapshots carry no such figure.
 */
import { describe, expect, it } from 'vitest';
import { HealthHistory } from '../../../components/monitor/health-history';
import { modelShareSentence, summarizeHealth } from '../../../components/monitor/health-summary';
import { healthWindow } from '../../support/health-window';

const window = (start: number) => healthWindow(start, { latency: { p50: 0.6, p95: 0.9, p99: 1.2 } });

describe("the model's share of the measured latency, in words", () => {
  it('reads the mean model time per micro-batch and per request from the latest measured snapshot', () => {
    const h = new HealthHistory();
    h.addSnapshot({ position: 100, health: [window(0)], endpoint: { requests: 100, ok: 100, fallback: 0, errors: {}, learner: { requests: 0, errors: 0 }, model: { calls: 1, rows: 100, ms: 0.5 } } });
    // A later snapshot without the figure (no endpoint in it) keeps the last one read.
    h.addSnapshot({ position: 200, health: [window(100)] });
    h.addSnapshot({ position: 400, endpoint: { requests: 400, ok: 400, fallback: 0, errors: {}, learner: { requests: 0, errors: 0 }, model: { calls: 4, rows: 400, ms: 1.8 } } });
    const data = h.data();
    expect(data.model).toEqual({ calls: 4, rows: 400, ms: 1.8 });
    const text = summarizeHealth(data, 'measured').latency;
    expect(text).toContain('measured in this browser from request to answer');
    // 1.8 ms over 4 calls = 0.45 ms a micro-batch; 1.8 ms over 400 rows = 4.5 µs a request.
    expect(text).toContain(" The model's own computation takes 0.45 ms of a micro-batch of about 100 requests on average (4.5 µs a request, over 4 micro-batches); the rest of the latency is checking, encoding and routing the requests.");
    h.clear();
    expect(h.data().model).toBeNull();
  });

  it('says nothing of it on simulated latency, before the model ran, or with figures that cannot be read', () => {
    const model = { calls: 3, rows: 290, ms: 1.2 };
    expect(modelShareSentence(model, 'simulated')).toBe('');
    expect(modelShareSentence(model, undefined)).toBe('');
    expect(modelShareSentence(null, 'measured')).toBe('');
    expect(modelShareSentence({ calls: 0, rows: 0, ms: 0 }, 'measured')).toBe('');
    expect(modelShareSentence({ calls: 2, rows: 200, ms: Number.NaN }, 'measured')).toBe('');
    const h = new HealthHistory();
    h.addSnapshot({ position: 100, health: [window(0)] });
    expect(summarizeHealth(h.data(), 'simulated').latency).not.toContain("model's own computation");
    expect(summarizeHealth(h.data(), 'measured').latency).not.toContain("model's own computation");
  });
});
