/**
 * The learner's own CSV: scikit-learn's count header, rows left out instead of refusing the file,
 * the portable (plain JSON) form a Lab config and a session carry, the default drifts, and the size
 * the import must handle (50,000 rows x 50 columns; parse time printed).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { classCounts, CsvImportError, csvRun, DatasetError, featureRelevance, fromPortable, importCsv, importTable, informativeFeature, readCsv, suggestDrift, toPortable } from '../../../datasets/index';
import { createRng } from '../../../datasets/random';

const IRIS = readFileSync(new URL('../../fixtures/sklearn-iris.csv', import.meta.url), 'utf8');

function failure(run: () => unknown): CsvImportError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CsvImportError);
    return error as CsvImportError;
  }
  throw new Error('the import did not fail');
}

describe("scikit-learn's count header", () => {
  test('iris.csv: the count line is skipped, the class names are read from it, the columns named', () => {
    const data = importCsv(IRIS, { name: 'iris' });
    expect(data.source.rows).toBe(150);
    expect(data.schema.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(data.schema.features.map((f) => [f.name, f.type, f.range])).toEqual([
      ['feature_1', 'numeric', [4.3, 7.9]],
      ['feature_2', 'numeric', [2, 4.4]],
      ['feature_3', 'numeric', [1, 6.9]],
      ['feature_4', 'numeric', [0.1, 2.5]],
    ]);
    expect(data.source.label).toBe('target');
    expect(classCounts(data)).toEqual([50, 50, 50]);
    expect(Array.from(data.rows().labels.subarray(0, 1))).toEqual([0]);
    expect(data.table.notes).toEqual([
      'Line 1 ("150,4,setosa,versicolor,virginica") is a scikit-learn count header: 150 rows, 4 features, classes setosa, versicolor, virginica. It was skipped, and the class names were read from it (class index k in the target column is its k-th name). The file has no column names, so the columns are called feature_1 ... and target.',
    ]);
  });

  test('"skip" keeps the indices as classes; a count that does not match the rows is said', () => {
    const data = importCsv(IRIS, { countHeader: 'skip' });
    expect(data.schema.classes).toEqual(['0', '1', '2']);
    expect(data.table.notes[0]).toMatch(/It was skipped; the classes are the target column's own values\./);
    const short = importCsv(IRIS.split('\n').slice(0, 101).join('\n'));
    expect(short.table.notes[0]).toMatch(/It declares 150 rows, but the file has 100\.$/);
    expect(short.schema.classes).toEqual(['setosa', 'versicolor', 'virginica']);
  });

  test('a count header followed by a line of names (boston_house_prices.csv style) takes those names', () => {
    const text = '4,2,,,\n"a","b","label"\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n';
    const data = importCsv(text);
    expect(data.schema.features.map((f) => f.name)).toEqual(['a', 'b']);
    expect(data.schema.classes).toEqual(['x', 'y']);
    expect(data.table.notes[0]).toMatch(/^Line 1 \("4,2"\) is a scikit-learn count header: 4 rows, 2 features\. It was skipped; the classes are the target column's own values\.$/);
  });

  test('class names that do not fit the target column are not used, and that is said', () => {
    const data = importCsv('3,1,a,b\n1.5,5\n2.5,7\n3.5,5\n');
    expect(data.schema.classes).toEqual(['5', '7']);
    expect(data.table.notes[1]).toBe('The class names of line 1 were not used: the column "target" does not hold class indices 0 to 1.');
  });

  test('an ordinary header with numbers is not taken for a count header', () => {
    const data = importCsv('1,2,label\n3,4,a\n5,6,b\n');
    expect(data.schema.features.map((f) => f.name)).toEqual(['1', '2']);
    expect(data.table.notes).toEqual([]);
    expect(readCsv('2,1,c\n3,4,5\n6,7,8\n').header).toEqual(['2', '1', 'c']);
  });
});

describe('problems by line, column and reason; bad rows can be left out', () => {
  const text = 'a,b,label\n1,2,x\n3,oops,y\n4,5\n,6,x\n7,8,\n9,10,y\n11,12,x\n13,14,y\n15,16,x\n17,18,y\n19,20,x\n';

  test('refused by default, every problem listed', () => {
    const error = failure(() => importCsv(text));
    expect(error.issues).toEqual([{ line: 4, column: null, reason: 'this row has 2 values, the header has 3' }]);
    const again = failure(() => importCsv(text.replace('4,5\n', '4,5,x\n')));
    expect(again.issues).toEqual([
      { line: 6, column: 'label', reason: 'the label is empty' },
      { line: 3, column: 'b', reason: '"oops" is not a number, but this column is numeric' },
      { line: 5, column: 'a', reason: 'empty value' },
    ]);
  });

  test('skipBadRows: the rest is imported, the rows left out are listed and counted', () => {
    const data = importCsv(text, { skipBadRows: true });
    expect(data.source.rows).toBe(7);
    expect(data.table.skipped).toEqual({
      issues: [
        { line: 4, column: null, reason: 'this row has 2 values, the header has 3' },
        { line: 6, column: 'label', reason: 'the label is empty' },
        { line: 3, column: 'b', reason: '"oops" is not a number, but this column is numeric' },
        { line: 5, column: 'a', reason: 'empty value' },
      ],
      total: 4,
      rows: 4,
    });
    expect(data.table.notes).toEqual(['4 rows were left out for 4 problems (listed below); 7 rows were imported.']);
    expect(Array.from(data.rows().features.subarray(0, 4))).toEqual([1, 2, 9, 10]);
  });

  test('the label column can be changed without reading the file again', () => {
    const table = readCsv('x,colour,size\n1,red,S\n2,blue,M\n3,red,L\n4,blue,S\n');
    expect(importTable(table).schema.classes).toEqual(['L', 'M', 'S']);
    const byColour = importTable(table, { label: 'colour' });
    expect(byColour.schema.classes).toEqual(['blue', 'red']);
    expect(byColour.schema.features.map((f) => [f.name, f.type])).toEqual([
      ['x', 'numeric'],
      ['size', 'categorical'],
    ]);
  });
});

describe('the portable form (what a Lab config and a session carry)', () => {
  test('round trip: same table, same draws', () => {
    const data = importCsv(IRIS, { name: 'iris' });
    const json = JSON.parse(JSON.stringify(toPortable(data))) as unknown;
    const back = fromPortable(json);
    expect(back.schema).toEqual(data.schema);
    expect(back.source).toEqual(data.source);
    expect(back.sample(40, createRng(3))).toEqual(data.sample(40, createRng(3)));
    expect(back.table.notes).toEqual(data.table.notes);
  });

  test('garbage gets a DatasetError naming the field', () => {
    const good = toPortable(importCsv(IRIS, { name: 'iris' }));
    const cases: [unknown, RegExp][] = [
      [null, /^dataset\.: must be an imported dataset object$/],
      [{ ...good, format: 'x' }, /dataset\.format: must be "mlops-lab\/imported-dataset"/],
      [{ ...good, name: 'Iris!' }, /dataset\.name/],
      [{ ...good, rows: 151 }, /dataset\.features: must hold rows x features = 604 numbers/],
      [{ ...good, labels: good.labels.map((y, i) => (i === 7 ? 3 : y)) }, /dataset\.labels\[7\]: must be a class index from 0 to 2/],
      [{ ...good, features: good.features.map((x, i) => (i === 5 ? 'NaN' : x)) }, /dataset\.features\[5\]: must be a finite number/],
      [{ ...good, schema: { ...good.schema, classes: ['one'] } }, /dataset\.schema\.classes: must list at least two class names/],
      [{ ...good, schema: { ...good.schema, features: [{ name: 'a', type: 'numeric', range: [2, 1] }] } }, /dataset\.schema\.features\[0\]\.range/],
    ];
    for (const [value, message] of cases) expect(() => fromPortable(value)).toThrow(message);
    expect(() => fromPortable({ ...good, rows: 'x' })).toThrow(DatasetError);
  });
});

describe('the drift a learner chooses', () => {
  const data = importCsv(IRIS, { name: 'iris' });

  test('defaults: the most informative feature, its upper half, the rarest class', () => {
    const relevance = featureRelevance(data);
    expect(relevance.map((r) => Number((r as number).toFixed(3)))).toEqual([0.619, 0.401, 0.941, 0.929]);
    expect(informativeFeature(data)).toBe('feature_3');
    expect(suggestDrift(data, 'concept')).toEqual({ kind: 'concept', feature: 'feature_3', from: 2, to: 0, min: 3.95, max: 6.9 });
    expect(suggestDrift(data, 'covariate')).toEqual({ kind: 'covariate', feature: 'feature_3', shift: 2.95 });
    expect(suggestDrift(data, 'prior')).toEqual({ kind: 'prior', mix: [0.7, 0.15, 0.15] });
    const text = importCsv('c,label\nx,a\ny,b\nx,a\n');
    expect(() => suggestDrift(text, 'concept')).toThrow(/needs a numeric feature, and "imported" has none: choose a change of the class mix/);
  });

  test('the run: a validated scenario and the data as plain JSON', () => {
    const run = csvRun(data, suggestDrift(data, 'concept'), { at: 3000, width: 200, length: 6000 });
    expect(run.scenario).toMatchObject({ name: 'iris-concept', dataset: { id: 'imported', name: 'iris' }, length: 6000 });
    expect(run.scenario.changes[0]).toMatchObject({ shape: 'gradual', at: 3000, width: 200, effect: { type: 'label-remap', from: 2, to: 0, where: { feature: 'feature_3', min: 3.95, max: 6.9 } } });
    expect(run.scenario.changes[0]?.description).toBe('Where feature_3 is from 3.95 to 6.9, "virginica" becomes "setosa".');
    expect(run.dataset.rows).toBe(150);
  });
});

describe('size: at least 50,000 rows x 50 columns', () => {
  test('imports 50,000 x 50 (plus the label) well inside the limits; parse time printed', () => {
    const rng = createRng(11);
    const lines = [[...Array.from({ length: 50 }, (_, j) => `f${j}`), 'label'].join(',')];
    for (let r = 0; r < 50_000; r++) {
      const row: string[] = [];
      for (let j = 0; j < 50; j++) row.push((rng.next() * 100).toFixed(3));
      row.push(rng.next() < 0.5 ? 'a' : 'b');
      lines.push(row.join(','));
    }
    const text = lines.join('\n');
    const t0 = performance.now();
    const data = importCsv(text, { name: 'wide' });
    const seconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const portable = toPortable(data);
    const back = fromPortable(portable);
    const roundTrip = (performance.now() - t1) / 1000;
    console.log(JSON.stringify({ bench: 'csv-import', rows: 50_000, columns: 51, megabytes: Number((text.length / 1e6).toFixed(1)), import_seconds: Number(seconds.toFixed(2)), portable_round_trip_seconds: Number(roundTrip.toFixed(2)) }));
    expect(data.source.rows).toBe(50_000);
    expect(data.schema.features).toHaveLength(50);
    expect(back.source.rows).toBe(50_000);
  }, 120_000);

  test('past the limits: clear messages', () => {
    const wide = `${Array.from({ length: 11 }, (_, i) => `c${i}`).join(',')}\n${Array.from({ length: 11 }, () => '1').join(',')}\n`;
    expect(failure(() => importCsv(wide, { limits: { maxColumns: 10 } })).message).toBe('line 1: 11 columns; the limit is 10');
    expect(failure(() => importCsv('a,label\n1,x\n2,y\n3,x\n', { limits: { maxRows: 2 } })).message).toBe('the file has more than 2 data rows (the limit); import a sample of it');
    const counted = `${Array.from({ length: 11 }, (_, i) => String(i + 1)).join(',')}\n`;
    expect(failure(() => importCsv(`3,10\n${counted}`, { limits: { maxColumns: 10 } })).message).toBe('line 1: 11 columns; the limit is 10');
    const names = `${Array.from({ length: 11 }, (_, i) => `c${i}`).join(',')}\n`;
    expect(failure(() => importCsv(`3,10\n${names}${counted}`, { limits: { maxColumns: 10 } })).message).toBe('line 2: 11 columns; the limit is 10');
  });
});

describe('a file read once, every problem listed', () => {
  test('rows the reader set aside are refused with the value problems, or left out', async () => {
    const { readCsv: read } = await import('../../../datasets/index');
    const text = readFileSync(new URL('../../fixtures/greenhouse.csv', import.meta.url), 'utf8');
    const table = read(text, undefined, { skipBadRows: true });
    const refused = failure(() => importTable(table));
    expect(refused.issues).toEqual([
      { line: 97, column: null, reason: 'this row has 4 values, the header has 5' },
      { line: 42, column: 'humidity_pct', reason: '"n/a" is not a number, but this column is numeric' },
    ]);
    const kept = importTable(table, { skipBadRows: true, name: 'greenhouse' });
    expect(kept.source.rows).toBe(598);
    expect(kept.table.skipped.total).toBe(2);
    expect(kept.schema.classes).toEqual(['healthy', 'mould', 'wilting']);
    expect(kept.schema.features.map((f) => f.type)).toEqual(['numeric', 'numeric', 'categorical', 'numeric']);
  });
});
