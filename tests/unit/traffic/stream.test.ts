import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { LabError } from '../../../src/errors';
import { DEFECT_KINDS, RequestStream, toInputVector, type StreamConfig, type StreamEvent, type StreamRecord } from '../../../src/traffic/index';

function events(config: StreamConfig, n: number): StreamEvent[] {
  const stream = new RequestStream(config);
  const out: StreamEvent[] = [];
  for (let i = 0; i < n; i++) {
    const e = stream.next();
    if (!e) break;
    out.push(e);
  }
  return out;
}

function records(config: StreamConfig, n: number): StreamRecord[] {
  const stream = new RequestStream(config);
  return Array.from({ length: n }, () => stream.nextRecord() as StreamRecord);
}

const sha = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

describe('request stream: determinism', () => {
  test('same scenario and seed: byte-identical events; another seed differs', () => {
    const config: StreamConfig = { scenario: 'sea-gradual', seed: 7, badRequests: { share: 0.1 }, labels: { jitter: 5 } };
    const a = JSON.stringify(events(config, 3000));
    expect(JSON.stringify(events(config, 3000))).toBe(a);
    expect(JSON.stringify(events({ ...config, seed: 8 }, 3000))).not.toBe(a);
    // Golden: the first 1000 events of this configuration, pinned. Labels now also carry their
    // request's stream index; without it the events hash exactly as before (the same stream).
    const first = events(config, 1000);
    expect(sha(first)).toBe('5da35f351792f0b5239862568da791a4e7330ea8e617d6b15cafe108a21a157d');
    const withoutIndex = first.map((e) => (e.type === 'label' ? { type: e.type, label: { id: e.label.id, t: e.label.t, label: e.label.label } } : e));
    expect(sha(withoutIndex)).toBe('fac392695a656e946751eaac7558feb5af55644358cdcc7a85e1c9bf69ec23cd');
  });

  test('events come in time order; a request precedes its label', () => {
    const seen = new Map<string, number>();
    let last = -Infinity;
    for (const e of events({ scenario: 'stable', seed: 1, labels: { delay: 2, jitter: 3 } }, 20_000)) {
      const t = e.type === 'request' ? e.record.request.t : e.label.t;
      expect(t).toBeGreaterThanOrEqual(last);
      last = t;
      if (e.type === 'request') seen.set(e.record.request.id, e.record.label);
      else expect(seen.get(e.label.id)).toBe(e.label.label);
    }
  });

  test('the requests carry named features: numbers, and category names for categorical ones', () => {
    const [r] = records({ scenario: 'stagger-recurring', seed: 1 }, 1);
    expect(Object.keys(r?.request.features ?? {})).toEqual(['size', 'color', 'shape']);
    expect(typeof r?.request.features.size).toBe('string');
    expect(r?.request.id).toBe('r0');
    const [loan] = records({ scenario: 'loans-policy-change', seed: 1, idPrefix: 'loan-' }, 1);
    expect(typeof loan?.request.features.salary).toBe('number');
    expect(typeof loan?.request.features.education).toBe('string');
    expect(loan?.request.id).toBe('loan-0');
  });

  test('until(t) returns exactly the events up to t, in bounded batches', () => {
    const stream = new RequestStream({ scenario: 'stable', seed: 3, rate: 100, labels: { delay: 1 } });
    const first = stream.until(10);
    expect(first.every((e) => (e.type === 'request' ? e.record.request.t : e.label.t) <= 10)).toBe(true);
    const next = stream.next() as StreamEvent;
    expect(next.type === 'request' ? next.record.request.t : next.label.t).toBeGreaterThan(10);
    expect(stream.until(1e9, 50)).toHaveLength(50);
  });

  test('a limit ends the stream once every label has arrived', () => {
    const all = events({ scenario: 'stable', seed: 1, limit: 100, labels: { delay: 5 } }, 1000);
    expect(all.filter((e) => e.type === 'request')).toHaveLength(100);
    expect(all.filter((e) => e.type === 'label')).toHaveLength(100);
  });

  test('bad configs get a typed error naming the field', () => {
    const cases: [unknown, RegExp, string][] = [
      [{ scenario: 'nope', seed: 1 }, /scenario: unknown scenario "nope"; known: stable/, 'invalid-stream'],
      [{ scenario: 'stable', seed: 1.5 }, /seed: must be a whole number/, 'invalid-stream'],
      [{ scenario: 'stable', seed: 1, rate: 0 }, /rate: must be a number above 0/, 'invalid-stream'],
      [{ scenario: 'stable', seed: 1, badRequests: { share: 2 } }, /badRequests.share: must be a number from 0 to 1/, 'invalid-stream'],
      [{ scenario: 'stable', seed: 1, badRequests: { share: 0.1, kinds: ['gremlins'] } }, /badRequests.kinds\[0\]: must be one of/, 'invalid-stream'],
      [{ scenario: 'stable', seed: 1, labels: { stall: { from: 10, to: 5 } } }, /labels.stall.to: must come after from/, 'invalid-stream'],
      [{ scenario: 'sea-sudden', seed: 1, dataset: { id: 'moons' } }, /effect.params: moons: variant is not a parameter/, 'invalid-scenario'],
      [{ scenario: { name: 'x' }, seed: 1 }, /description: must be one line/, 'invalid-scenario'],
    ];
    for (const [config, message, code] of cases) {
      expect(() => new RequestStream(config as StreamConfig)).toThrow(message);
      try {
        new RequestStream(config as StreamConfig);
      } catch (error) {
        expect(error).toBeInstanceOf(LabError);
        expect((error as LabError).code).toBe(code);
      }
    }
  });
});

describe('request stream: delayed labels', () => {
  test('a label arrives after the configured delay, which can grow', () => {
    const fixed = records({ scenario: 'stable', seed: 2, labels: { delay: 30 } }, 500);
    for (const r of fixed) expect(r.labelAt).toBe(r.request.t + 30);
    const growing = records({ scenario: 'stable', seed: 2, labels: { delay: 30, growth: 0.5 } }, 500);
    for (const r of growing) expect(r.labelAt).toBeCloseTo(r.request.t + 30 + 0.5 * r.request.t, 9);
  });

  test('a configured stall holds labels until it ends, or loses them', () => {
    const held = records({ scenario: 'stable', seed: 2, rate: 10, labels: { delay: 10, stall: { from: 100, to: 200 } } }, 3000);
    for (const r of held) {
      const due = r.request.t + 10;
      expect(r.labelAt).toBe(due >= 100 && due < 200 ? 200 : due);
    }
    const lost = records({ scenario: 'stable', seed: 2, rate: 10, labels: { delay: 10, stall: { from: 100, to: 200, lost: true } } }, 3000);
    for (const r of lost) expect(r.labelAt === null).toBe(r.request.t + 10 >= 100 && r.request.t + 10 < 200);
    const forever = records({ scenario: 'stable', seed: 2, rate: 10, labels: { delay: 10, stall: { from: 100 } } }, 3000);
    for (const r of forever) expect(r.labelAt === null).toBe(r.request.t + 10 >= 100);
  });

  test('the label-stall scenario: a backlog released at once, then labels later and later', () => {
    const stream = new RequestStream({ scenario: 'label-stall', seed: 4 });
    const all = Array.from({ length: 10_000 }, () => stream.nextRecord() as StreamRecord);
    const release = (all[4000] as StreamRecord).request.t;
    for (const r of all.slice(3000, 4000)) expect(r.labelAt).toBe(Math.max(r.request.t + 30, release));
    // Labels due before the feed resumes (sent up to 30 s before it) wait for it: about 400 of them.
    const stalled = all.slice(3000, 4000).filter((r) => r.labelAt === release).length;
    expect(stalled).toBe(all.slice(3000, 4000).filter((r) => r.request.t + 30 <= release).length);
    expect(stalled).toBeGreaterThan(300);
    for (const r of all.slice(0, 3000)) expect(r.labelAt).toBe(r.request.t + 30);
    const lateness = (r: StreamRecord) => (r.labelAt as number) - r.request.t;
    expect(lateness(all[9999] as StreamRecord)).toBeCloseTo(30 + 600, 0);
    expect(lateness(all[8000] as StreamRecord)).toBeCloseTo(30 + 300, 0);
    // In time order, the backlog's labels all arrive right after request 4000 is sent.
    const ordered = new RequestStream({ scenario: 'label-stall', seed: 4, limit: 6000 });
    const labelled: string[] = [];
    for (let e = ordered.next(); e; e = ordered.next()) if (e.type === 'label' && e.label.t === release) labelled.push(e.label.id);
    expect(labelled.length).toBe(stalled);
  });

  test('only the configured share of requests ever gets a label; a full queue drops and counts', () => {
    const some = records({ scenario: 'stable', seed: 5, labels: { share: 0.3 } }, 20_000);
    expect(some.filter((r) => r.labelAt !== null).length / 20_000).toBeCloseTo(0.3, 1);
    const small = new RequestStream({ scenario: 'stable', seed: 5, labels: { delay: 1e6, capacity: 10 } });
    for (let i = 0; i < 25; i++) small.next();
    expect(small.waitingLabels).toBe(10);
    expect(small.stats.labelsDropped).toBe(15);
  });
});

describe('request stream: bad requests', () => {
  test('the bad-request mix is within tolerance of the configured share, each kind about equally', () => {
    const n = 30_000;
    const stream = new RequestStream({ scenario: 'loans-policy-change', seed: 6, badRequests: { share: 0.12 } });
    const all = Array.from({ length: n }, () => stream.nextRecord() as StreamRecord);
    const bad = all.filter((r) => r.defect);
    expect(Math.abs(bad.length / n - 0.12)).toBeLessThan(0.008);
    for (const kind of DEFECT_KINDS) expect(Math.abs(bad.filter((r) => r.defect === kind).length / n - 0.02)).toBeLessThan(0.004);
    expect(stream.stats.defects['nan']).toBe(bad.filter((r) => r.defect === 'nan').length);
  });

  test('each defect really breaks the request, and a clean request encodes to its row', () => {
    const stream = new RequestStream({ scenario: 'loans-policy-change', seed: 6, badRequests: { share: 0.5 } });
    const schema = stream.dataset.schema;
    for (let i = 0; i < 2000; i++) {
      const r = stream.nextRecord() as StreamRecord;
      const f = r.request.features;
      switch (r.defect) {
        case undefined:
          expect(toInputVector(schema, f)).toHaveLength(9);
          break;
        case 'missing-field':
          expect(() => toInputVector(schema, f)).toThrow(/is missing/);
          break;
        case 'wrong-type':
          expect(() => toInputVector(schema, f)).toThrow(/must be (a number|a category name), got (string|number)/);
          break;
        case 'nan':
          expect(() => toInputVector(schema, f)).toThrow(/must be a finite number, got NaN/);
          break;
        case 'extra-field':
          expect(() => toInputVector(schema, f)).toThrow(/is not a feature of this model/);
          break;
        case 'out-of-range': {
          const spec = schema.features.find((s) => s.name === r.defectFeature);
          const v = f[r.defectFeature as string] as number;
          expect(v < (spec?.range?.[0] as number) || v > (spec?.range?.[1] as number)).toBe(true);
          break;
        }
        case 'unit-change':
          expect(typeof f[r.defectFeature as string]).toBe('number');
          break;
      }
    }
  });

  test('scenario incidents are marked as defects: a null field, salaries in cents', () => {
    const missing = records({ scenario: 'loans-missing-field', seed: 1 }, 5000).slice(3000);
    const nulls = missing.filter((r) => r.defect === 'missing-field');
    expect(nulls.length).toBeGreaterThan(500);
    for (const r of nulls) expect(r.request.features.education).toBeNull();
    const cents = records({ scenario: 'loans-unit-change', seed: 1 }, 5000).slice(4000);
    for (const r of cents) expect([r.defect, r.defectFeature]).toEqual(['unit-change', 'salary']);
  });

  test('a dataset with no numeric feature gets only the defects that apply to it', () => {
    const stream = new RequestStream({ scenario: 'stagger-recurring', seed: 1, badRequests: { share: 1, kinds: ['nan', 'extra-field'] } });
    for (let i = 0; i < 100; i++) expect(stream.nextRecord()?.defect).toBe('extra-field');
  });
});

describe('toInputVector', () => {
  test('schema order, category index; refuses unknown categories and non-objects', () => {
    const stream = new RequestStream({ scenario: 'stagger-recurring', seed: 1 });
    const schema = stream.dataset.schema;
    expect(Array.from(toInputVector(schema, { shape: 'circle', size: 'large', color: 'red' }))).toEqual([2, 0, 1]);
    expect(() => toInputVector(schema, { shape: 'hexagon', size: 'large', color: 'red' })).toThrow(/features.shape: unknown category "hexagon"/);
    expect(() => toInputVector(schema, null as never)).toThrow(/features: must be an object/);
    expect(() => toInputVector(schema, { shape: 'circle', size: 'large', color: 'red' }, new Float32Array(2))).toThrow(/out: must hold 3 values/);
  });
});

describe('request stream on imported data', () => {
  test('a CSV file streams with its own drift scenario, deterministically', async () => {
    const { csvScenario, importCsv } = await import('../../../datasets/index');
    const text = ['size_cm,colour,label', ...Array.from({ length: 60 }, (_, i) => `${10 + (i % 30)},${['red', 'blue'][i % 2]},${i % 30 < 15 ? 'small' : 'big'}`)].join('\n');
    const data = importCsv(text, { name: 'sizes' });
    const scenario = csvScenario(data, { kind: 'covariate', feature: 'size_cm', shift: 100 }, { at: 50 });
    const run = () => {
      const stream = new RequestStream({ scenario, seed: 3, badRequests: { share: 0.2 } }, data);
      return Array.from({ length: 100 }, () => stream.nextRecord() as StreamRecord);
    };
    const a = run();
    expect(JSON.stringify(run())).toBe(JSON.stringify(a));
    expect(typeof a[0]?.request.features.colour).toBe('string');
    const clean = a.filter((r) => !r.defect);
    expect(clean.filter((r) => r.index < 50).every((r) => (r.request.features.size_cm as number) < 40)).toBe(true);
    expect(clean.filter((r) => r.index >= 50).every((r) => (r.request.features.size_cm as number) >= 110)).toBe(true);
    expect(() => new RequestStream({ scenario, seed: 3 })).toThrow(/this scenario runs on an imported dataset/);
  });
});

describe('ground-truth times', () => {
  test('with regular arrivals record i is sent at (i + 1) / rate, as --list --json states', () => {
    const stream = new RequestStream({ scenario: 'sea-sudden', seed: 1, arrivals: 'regular', rate: 10 });
    let r = stream.nextRecord() as StreamRecord;
    while (r.index < 5000) r = stream.nextRecord() as StreamRecord;
    expect(r.request.t).toBeCloseTo(500.1, 6);
    expect(r.concept).toBe('theta-9');
  });
});
