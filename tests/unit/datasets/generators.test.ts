import { describe, expect, test } from 'vitest';
import { drawOfClass, MAX_TRIES } from '../../../datasets/generators/define';
import { createDataset, createRng, DATASET_IDS, DatasetError, hyperplane, loans, LOAN_RULES, sea, shapes, stagger, type DatasetId } from '../../../datasets/index';

/** Share of rows whose drawn label equals the labelling function's answer. */
function agreement(id: DatasetId, params: Record<string, unknown>, n = 2000): number {
  const d = createDataset({ id, params } as never);
  const b = d.sample(n, createRng(5));
  let same = 0;
  for (let i = 0; i < n; i++) if (d.label(b.features.subarray(i * b.cols, (i + 1) * b.cols)) === b.labels[i]) same++;
  return same / n;
}

describe('the catalogue', () => {
  test('ten datasets, each with a schema that matches its rows', () => {
    expect(DATASET_IDS.length).toBeGreaterThanOrEqual(10);
    for (const id of DATASET_IDS) {
      const d = createDataset({ id });
      const b = d.sample(64, createRng(1));
      expect(d.id).toBe(id);
      expect(b.cols).toBe(d.schema.features.length);
      expect(d.inputShape.reduce((a, x) => a * x, 1)).toBe(b.cols);
      expect(b.features.every(Number.isFinite)).toBe(true);
      for (const label of b.labels) expect(label >= 0 && label < d.schema.classes.length).toBe(true);
      d.schema.features.forEach((f, j) => {
        if (f.type !== 'categorical') return;
        for (let i = 0; i < b.rows; i++) expect(Number.isInteger(b.features[i * b.cols + j]) && (b.features[i * b.cols + j] as number) < (f.categories?.length ?? 0)).toBe(true);
      });
    }
  });

  test('draw with a class gives a row of that class, for every dataset and class', () => {
    for (const id of DATASET_IDS) {
      const d = createDataset({ id });
      const row = new Float64Array(d.schema.features.length);
      const rng = createRng(9);
      for (let c = 0; c < d.schema.classes.length; c++) {
        expect(d.draw(row, 0, rng, 0, c)).toBe(c);
        if (id === 'sea' || id === 'stagger' || id === 'loans') expect(d.label(row)).toBe(c);
      }
    }
  });

  test('without noise the labelling function reproduces every drawn label', () => {
    expect(agreement('sea', { noise: 0 })).toBe(1);
    expect(agreement('stagger', { noise: 0 })).toBe(1);
    expect(agreement('hyperplane', { noise: 0 })).toBe(1);
    expect(agreement('circles', { noise: 0 })).toBe(1);
    expect(agreement('xor', { noise: 0 })).toBe(1);
    expect(agreement('spiral', { noise: 0 })).toBe(1);
    expect(agreement('moons', { noise: 0 })).toBeGreaterThan(0.995);
    for (const rule of LOAN_RULES) expect(agreement('loans', { rule, noise: 0 })).toBe(1);
  });

  test('label noise flips about that share of labels', () => {
    expect(agreement('sea', { noise: 0.2 }, 20_000)).toBeCloseTo(0.8, 1);
    expect(agreement('stagger', { noise: 0.1 }, 20_000)).toBeCloseTo(0.9, 1);
  });

  test('the shapes recogniser agrees with the drawing on most images', () => {
    expect(agreement('shapes', {}, 400)).toBeGreaterThan(0.85);
  });

  test('bad parameters get a typed error naming the dataset and the parameter', () => {
    const cases: [() => unknown, RegExp][] = [
      [() => sea({ variant: 4 }), /sea: variant must be a whole number from 0 to 3, got 4/],
      [() => stagger({ concept: 1.5 }), /stagger: concept must be a whole number/],
      [() => loans({ rule: 'lottery' as never }), /loans: rule must be one of age-bands/],
      [() => hyperplane({ dims: 2, driftFeatures: 3 }), /hyperplane: driftFeatures must be a whole number from 0 to 2/],
      [() => shapes({ brightness: 0 }), /shapes: brightness must be a number from 0.01 to 1/],
      [() => createDataset({ id: 'moons', params: { nosie: 0.1 } } as never), /moons: nosie is not a parameter of this dataset \(known: noise\)/],
      [() => createDataset({ id: 'moons', params: { noise: Number.NaN } }), /moons: noise must be a number/],
      [() => createDataset(null as never), /unknown dataset "undefined"/],
    ];
    for (const [make, message] of cases) {
      expect(make).toThrow(message);
      try {
        make();
      } catch (error) {
        expect(error).toBeInstanceOf(DatasetError);
        expect(error).toBeInstanceOf(RangeError);
        expect((error as DatasetError).code).toBe('invalid-dataset');
      }
    }
  });

  test('an unreachable class is refused, not looped on forever', () => {
    const row = new Float64Array(1);
    let calls = 0;
    expect(() => drawOfClass('demo', row, 0, createRng(1), 1, () => (calls++, 0))).toThrow(/demo: class 1 did not come up in 10000 draws/);
    expect(calls).toBe(MAX_TRIES);
  });

  test('the rotating hyperplane moves with the stream position when magnitude > 0', () => {
    const still = hyperplane({ noise: 0 });
    const moving = hyperplane({ noise: 0, magnitude: 0.001 });
    const b = still.sample(2000, createRng(3));
    let changed = 0;
    for (let i = 0; i < b.rows; i++) {
      const row = b.features.subarray(i * b.cols, (i + 1) * b.cols);
      expect(moving.label(row, 0)).toBe(still.label(row));
      if (moving.label(row, 2000) !== still.label(row)) changed++;
    }
    expect(changed).toBeGreaterThan(20);
  });

  test('withParams keeps the others and validates', () => {
    const d = sea({ noise: 0.1 }).withParams({ variant: 2 });
    expect(d.params).toEqual({ variant: 2, noise: 0.1 });
    expect(() => d.withParams({ variant: 9 })).toThrow(/variant/);
  });
});
