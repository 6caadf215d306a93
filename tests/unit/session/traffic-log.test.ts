import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import type { DatasetSchema } from '../../../datasets/types';
import { Lab } from '../../../src/loop/index';
import { MAX_LOG_VALUES, TrafficLog, trafficLogColumns, trafficLogCsv, trafficLogJsonl, type TrafficLogEntry } from '../../../src/loop/observers/traffic-log';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const SCHEMA: DatasetSchema = {
  features: [
    { name: 'x', type: 'numeric' },
    { name: 'colour, tone', type: 'categorical', categories: ['red', 'blue "b"'] },
  ],
  classes: ['no', 'yes'],
} as DatasetSchema;

const entry = (i: number): Omit<TrafficLogEntry, 'label' | 'labelT'> => ({ index: i, id: `r${i}`, t: i / 10, features: { x: i, 'colour, tone': 'red' }, prediction: i % 2, probability: 0.75, version: 'v1', route: 'production' });

describe('traffic log: bounds', () => {
  test('keeps the last `capacity` answers, oldest first, and labels only those it still holds', () => {
    const log = new TrafficLog(3);
    for (let i = 0; i < 5; i++) log.answer(entry(i));
    expect(log.size).toBe(3);
    expect(log.logged).toBe(5);
    expect(log.entries().map((e) => e.index)).toEqual([2, 3, 4]);
    log.label('r0', 1, 9);
    log.label('r3', 1, 9.5);
    expect(log.entries().map((e) => [e.label, e.labelT])).toEqual([
      [null, null],
      [1, 9.5],
      [null, null],
    ]);
    log.clear();
    expect(log.entries()).toEqual([]);
  });

  test('keeps fewer rows for a wide dataset, and refuses a bad capacity', () => {
    expect(new TrafficLog(20_000, 256).capacity).toBe(Math.floor(MAX_LOG_VALUES / 256));
    expect(new TrafficLog(20_000, 2).capacity).toBe(20_000);
    expect(() => new TrafficLog(0)).toThrow(RangeError);
  });
});

describe('traffic log: CSV and JSON Lines', () => {
  test('CSV: header, quoted fields, empty cells for a missing value or a label not yet known', () => {
    const log = new TrafficLog(10);
    log.answer(entry(1));
    log.answer({ ...entry(2), features: { x: Number.NaN, 'colour, tone': 'blue "b"' } });
    log.label('r1', 1, 3.5);
    expect(trafficLogColumns(SCHEMA)).toEqual(['index', 'id', 't', 'x', 'colour, tone', 'prediction', 'predicted_class', 'probability', 'version', 'route', 'label', 'label_class', 'label_t']);
    expect(trafficLogCsv(SCHEMA, log.entries())).toBe(
      'index,id,t,x,"colour, tone",prediction,predicted_class,probability,version,route,label,label_class,label_t\n' +
        '1,r1,0.1,1,red,1,yes,0.75,v1,production,1,yes,3.5\n' +
        '2,r2,0.2,,"blue ""b""",0,no,0.75,v1,production,,,\n',
    );
  });

  test('JSON Lines: one object per line, NaN as null', () => {
    const log = new TrafficLog(10);
    log.answer({ ...entry(2), features: { x: Number.NaN, 'colour, tone': 'red' } });
    const lines = trafficLogJsonl(SCHEMA, log.entries()).trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toEqual({ index: 2, id: 'r2', t: 0.2, features: { x: null, 'colour, tone': 'red' }, prediction: 0, predicted_class: 'no', probability: 0.75, version: 'v1', route: 'production', label: null, label_class: null, label_t: null });
  });

  test('a lab logs every answered stream request once, with its label when it arrived (seeded, exact)', async () => {
    const lab = await Lab.create({ scenario: 'moons-rotation', seed: 7, policy: 'manual', requests: 400, initialRows: 600, window: 100, labelDelay: 3, training: { epochs: 3 } });
    try {
      await lab.bootstrap();
      await lab.runToEnd();
      const entries = lab.trafficLog.entries();
      expect(entries).toHaveLength(lab.totals.answered);
      expect(entries.map((e) => e.index)).toEqual([...entries.map((e) => e.index)].sort((a, b) => a - b));
      expect(entries.every((e) => e.version === 'v1' && e.probability >= 0.5 && e.probability <= 1)).toBe(true);
      expect(entries.filter((e) => e.label !== null)).toHaveLength(lab.totals.labels);
      expect(entries.every((e) => e.labelT === null || e.labelT >= e.t)).toBe(true);
      const csv = trafficLogCsv(lab.schema, entries);
      expect(csv.split('\n')[0]).toBe('index,id,t,x1,x2,prediction,predicted_class,probability,version,route,label,label_class,label_t');
      expect(csv.trimEnd().split('\n')).toHaveLength(entries.length + 1);
      const accuracy = entries.filter((e) => e.label !== null && e.label === e.prediction).length / lab.totals.labels;
      expect(accuracy).toBeGreaterThan(0.8);
    } finally {
      await lab.dispose();
    }
  }, 60_000);
});
