import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { Lab, takeSnapshot, type LabConfig } from '../../../src/loop/index';
import { buildReport } from '../../../src/loop/commands/simulate';
import { isErrorResponse, type InferResponse } from '../../../src/serving/index';
import { gridRows, RecentPoints, surfaceBounds } from '../../../src/loop/observers/surface';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const CONFIG: LabConfig = { scenario: 'moons-rotation', seed: 7, policy: 'manual', requests: 1200, initialRows: 600, window: 100, labelDelay: 2, training: { epochs: 3 } };

/** A valid OIP v2 request for the moons schema. */
const GOOD = { id: 'learner-1', inputs: [{ name: 'x1', shape: [1], datatype: 'FP32', data: [0.5] }, { name: 'x2', shape: [1], datatype: 'FP32', data: [0.25] }] };

async function newLab(config: Partial<LabConfig> = {}): Promise<Lab> {
  const lab = await Lab.create({ ...CONFIG, ...config });
  await lab.bootstrap();
  return lab;
}

describe('Lab.infer: a learner request to the endpoint', () => {
  test('a good request gets an answer from production; garbage gets typed errors; none throws', async () => {
    const lab = await newLab();
    try {
      const ok = await lab.infer(GOOD);
      expect(isErrorResponse(ok)).toBe(false);
      const answer = ok as InferResponse;
      expect(answer.model_version).toBe(lab.deployed().production);
      expect(answer.id).toBe('learner-1');
      const probs = answer.outputs.find((o) => o.name === 'probabilities')?.data as number[];
      expect(probs).toHaveLength(2);
      expect((probs[0] as number) + (probs[1] as number)).toBeCloseTo(1, 5);

      const missing = await lab.infer({ inputs: [GOOD.inputs[0]] });
      expect(missing).toMatchObject({ status: 422, kind: 'schema', field: 'x2' });
      const wrongType = await lab.infer({ inputs: [GOOD.inputs[0], { ...GOOD.inputs[1], data: ['far'] }] });
      expect(isErrorResponse(wrongType) && wrongType.status).toBeGreaterThanOrEqual(400);
      for (const garbage of [null, 42, 'hello', [], { inputs: 'no' }]) expect(isErrorResponse(await lab.infer(garbage))).toBe(true);

      expect(lab.learnerRequests).toEqual({ requests: 8, errors: 7 });
      const snap = takeSnapshot(lab);
      expect(snap.endpoint?.learner).toEqual({ requests: 8, errors: 7 });
      expect(snap.endpoint?.requests).toBe(8);
      expect(snap.endpoint?.errors.schema).toBeGreaterThanOrEqual(1);
      // Not part of the stream: the lab's own counters and the series did not move.
      expect(snap.totals.requests).toBe(0);
      expect(snap.position).toBe(0);
    } finally {
      await lab.dispose();
    }
  });

  test('determinism: the same seed gives the same run whether or not the learner sent requests', async () => {
    const run = async (interleave: boolean) => {
      // Past the drift (onset 4500), on a schedule: the run retrains and the gate decides, so every kind of decision is compared.
      const lab = await newLab({ policy: 'schedule', requests: 6000 });
      try {
        while (!lab.done) {
          await lab.step(13);
          if (interleave) {
            await lab.infer(GOOD);
            await lab.infer({ inputs: [] });
          }
        }
        const report = buildReport(lab, 6000, lab.policy);
        return { report: JSON.stringify(report), log: JSON.stringify(lab.log().map((e) => ({ ...e }))), learner: lab.learnerRequests.requests };
      } finally {
        await lab.dispose();
      }
    };
    const quiet = await run(false);
    const busy = await run(true);
    expect(busy.learner).toBeGreaterThan(10);
    expect(quiet.learner).toBe(0);
    expect(JSON.parse(quiet.report).summary.versions).toBeGreaterThan(1);
    expect(busy.report).toBe(quiet.report);
    expect(busy.log).toBe(quiet.log);
  });
});

describe('Lab.surface: the decision surface', () => {
  test('production field on the grid, recent points with labels, no tensor leak', async () => {
    const lab = await newLab();
    try {
      await lab.runRequests(400);
      const before = tf.memory().numTensors;
      const s = await lab.surface(12);
      expect(tf.memory().numTensors).toBe(before);
      await lab.surface(12);
      expect(tf.memory().numTensors).toBe(before);
      expect(s.features).toEqual(['x1', 'x2']);
      expect(s.size).toBe(12);
      expect(s.candidate).toBeNull();
      expect(s.production?.version).toBe(lab.deployed().production);
      const p = s.production?.probabilities ?? [];
      expect(p).toHaveLength(144);
      expect(p.every((v) => v >= 0 && v <= 1)).toBe(true);
      // A trained boundary: some cells are confidently class 0, some class 1.
      expect(Math.min(...p)).toBeLessThan(0.2);
      expect(Math.max(...p)).toBeGreaterThan(0.8);
      expect(s.points).toHaveLength(300);
      expect(s.points.at(-1)?.index).toBe(lab.position - 1);
      expect(s.points.filter((q) => q.label !== null).length).toBeGreaterThan(200);
      expect(s.points.some((q) => q.label === null)).toBe(true);
      for (const q of s.points) {
        expect(q.x).toBeGreaterThanOrEqual(s.x.min);
        expect(q.x).toBeLessThanOrEqual(s.x.max);
      }
      // The same state gives the same surface.
      expect(await lab.surface(12)).toEqual(s);
      // A trial version shows beside production: v2 goes live, then v1 runs as a shadow trial.
      const first = lab.deployed().production as string;
      const outcome = await lab.retrainWith({ trigger: 'manual', reason: 'test' }, { skipGate: true });
      await lab.deploy(first, { kind: 'shadow', requests: 200, maxAccuracyDrop: 0.01 });
      const mid = tf.memory().numTensors;
      const trial = await lab.surface(12);
      expect(tf.memory().numTensors).toBe(mid);
      expect(trial.production?.version).toBe(outcome.version);
      expect(trial.candidate?.version).toBe(first);
      expect(trial.candidate?.probabilities).toEqual(p);
      expect(trial.production?.probabilities).not.toEqual(p);
      await expect(lab.surface(2)).rejects.toMatchObject({ code: 'invalid-lab-command', details: { field: 'size' } });
    } finally {
      await lab.dispose();
    }
  });

  test('drift shows: after the boundary turns, fewer labelled points lie on their side of production\'s boundary', async () => {
    const lab = await newLab({ requests: 6000, initialRows: 1500, training: { epochs: 12 } });
    /** Labelled points whose label matches the side of the cell under them (P(class 1) > 0.5). */
    const agreement = (s: Awaited<ReturnType<Lab['surface']>>) => {
      let n = 0;
      let ok = 0;
      for (const q of s.points) {
        if (q.label === null) continue;
        const i = Math.min(s.size - 1, Math.floor(((q.x - s.x.min) / (s.x.max - s.x.min)) * s.size));
        const j = Math.min(s.size - 1, Math.floor(((q.y - s.y.min) / (s.y.max - s.y.min)) * s.size));
        n++;
        if (((s.production?.probabilities[j * s.size + i] ?? 0) > 0.5 ? 1 : 0) === q.label) ok++;
      }
      return ok / n;
    };
    try {
      await lab.runRequests(4400); // before the drift (onset 4500)
      const before = await lab.surface(40);
      await lab.runToEnd(); // the turn ends at 5500; the manual policy keeps v1 in production
      const after = await lab.surface(40);
      expect(after.production?.version).toBe('v1');
      // The same model over the same area (every point stayed in the normal range): the same field. Only the points moved.
      expect(after.production?.probabilities).toEqual(before.production?.probabilities);
      expect(after.x).toEqual(before.x);
      // Seeded run (the lab's default 1500 rows, 12 epochs): 98% of the last 300 labelled points lie on
      // their label's side before the drift, 77% once the boundary has turned.
      expect(agreement(before)).toBeGreaterThan(0.95);
      expect(agreement(after)).toBeLessThan(agreement(before) - 0.15);
    } finally {
      await lab.dispose();
    }
  });

  test('a dataset that is not 2-D gets a typed error naming the features', async () => {
    const lab = await newLab({ scenario: 'sea-sudden' });
    try {
      await expect(lab.surface()).rejects.toMatchObject({ name: 'LabCommandError', code: 'invalid-lab-command', details: { field: 'features' } });
      await expect(lab.surface()).rejects.toThrow(/exactly 2 numeric features; this dataset has 3/);
    } finally {
      await lab.dispose();
    }
  });

  test('grid geometry and the bounded point buffer', () => {
    const schema = { features: [{ name: 'a', type: 'numeric' as const, range: [0, 10] as [number, number] }, { name: 'b', type: 'numeric' as const, range: [-1, 1] as [number, number] }], classes: ['n', 'y'] };
    const b = surfaceBounds(schema, [{ index: 0, x: 20, y: 0, label: 1 }]);
    expect(b.x).toEqual({ min: -1, max: 21 });
    expect(b.y.min).toBeCloseTo(-1.1, 10);
    const rows = gridRows(2, { x: { min: 0, max: 2 }, y: { min: 0, max: 4 } });
    expect(Array.from(rows)).toEqual([0.5, 1, 1.5, 1, 0.5, 3, 1.5, 3]);
    const buf = new RecentPoints(3);
    for (let i = 0; i < 5; i++) buf.add(`r${i}`, i, Float32Array.of(i, -i));
    buf.add('bad', 9, null);
    buf.label('r4', 1);
    buf.label('r0', 1);
    expect(buf.list()).toEqual([
      { index: 2, x: 2, y: -2, label: null },
      { index: 3, x: 3, y: -3, label: null },
      { index: 4, x: 4, y: -4, label: 1 },
    ]);
  });
});

describe('infer and surface through the Lab protocol (in-page host)', () => {
  test('replies carry the raw response and the surface; a bad surface size is a typed rejection; the next snapshot counts the request', async () => {
    const { createInPageLabClient } = await import('../../../src/worker/lab-client');
    const client = createInPageLabClient();
    try {
      await client.create(CONFIG);
      const answer = await client.infer(GOOD);
      expect(answer).toMatchObject({ id: 'learner-1', model_name: 'lab' });
      expect(await client.infer({ inputs: [{ name: 'x1', shape: [1], datatype: 'FP32', data: [1] }] })).toMatchObject({ status: 422, field: 'x2' });
      const snap = await client.snapshot();
      expect(snap.endpoint?.learner).toEqual({ requests: 2, errors: 1 });
      const surface = await client.surface(8);
      expect(surface.production?.probabilities).toHaveLength(64);
      await expect(client.surface(1000)).rejects.toMatchObject({ code: 'invalid-lab-command' });
    } finally {
      await client.dispose();
    }
  });
});
