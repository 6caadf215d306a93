import { describe, expect, test } from 'vitest';
import { CsvImportError, csvScenario, groundTruth, importCsv, ScenarioSource, type CsvIssue } from '../../../datasets/index';

/** The import's error, for assertions on its issues. */
function failure(run: () => unknown): CsvImportError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CsvImportError);
    expect((error as CsvImportError).code).toBe('invalid-csv');
    return error as CsvImportError;
  }
  throw new Error('the import did not fail');
}

const GOOD = ['age,income,city,approved', '34,52000,Lyon,yes', '51,81000.5,Paris,no', '29,31000,Lyon,no', '45,61000,Nice,yes', ''].join('\n');

describe('CSV import: good files', () => {
  test('infers numeric and categorical features, the label (last column) and sorted classes', () => {
    const data = importCsv(GOOD, { name: 'loans-csv' });
    expect(data.schema).toEqual({
      features: [
        { name: 'age', type: 'numeric', range: [29, 51], description: 'Imported column "age".' },
        { name: 'income', type: 'numeric', range: [31000, 81000.5], description: 'Imported column "income".' },
        { name: 'city', type: 'categorical', categories: ['Lyon', 'Nice', 'Paris'], description: 'Imported column "city".' },
      ],
      classes: ['no', 'yes'],
    });
    const rows = data.rows();
    expect(Array.from(rows.features.subarray(0, 6))).toEqual([34, 52000, 0, 51, 81000.5, 2]);
    expect(Array.from(rows.labels)).toEqual([1, 0, 0, 1]);
    expect(data.source).toEqual({ rows: 4, label: 'approved', ignored: [], name: 'loans-csv' });
  });

  test('a column named like a label wins; the caller can choose it; ids can be ignored', () => {
    const text = 'id,class,x\nA1,cat,1\nA2,dog,2\nA3,cat,3\n';
    expect(importCsv(text, { ignore: ['id'] }).source.label).toBe('class');
    const chosen = importCsv(text, { label: 'id' });
    expect(chosen.schema.classes).toEqual(['A1', 'A2', 'A3']);
    expect(importCsv(text, { ignore: ['id'] }).schema.features.map((f) => f.name)).toEqual(['x']);
  });

  test('BOM, CRLF, semicolons, quotes and blank lines are handled', () => {
    const data = importCsv('\ufeffa;b;label\r\n1;"x; y";p\r\n\r\n2;"z";q\r\n');
    expect(data.schema.features[1]?.categories).toEqual(['x; y', 'z']);
    expect(data.source.rows).toBe(2);
  });

  test('resampling is seeded; draw with a class picks rows of that class', async () => {
    const { createRng } = await import('../../../datasets/random');
    const data = importCsv(GOOD);
    expect(data.sample(50, createRng(1))).toEqual(data.sample(50, createRng(1)));
    const row = new Float64Array(3);
    for (let i = 0; i < 20; i++) expect(data.draw(row, 0, createRng(i), 0, 1)).toBe(1);
    expect(data.label([34, 52000, 0])).toBe(1);
  });
});

describe('CSV import: the garbage corpus gets clear messages', () => {
  test('binary files, other encodings, empty files', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    expect(failure(() => importCsv(png)).message).toBe('this looks like a binary file (it contains NUL bytes), not CSV text');
    expect(failure(() => importCsv(new Uint8Array([0x61, 0x2c, 0x62, 0x0a, 0xff, 0xfe, 0x2c, 0x31]))).message).toMatch(/not UTF-8 text/);
    expect(failure(() => importCsv('\u0001\u0002\u0003\u0004garbage\u0005\u0006')).message).toMatch(/looks like a binary file \(6 control/);
    expect(failure(() => importCsv('')).message).toBe('the file is empty');
    expect(failure(() => importCsv(new ArrayBuffer(0))).message).toBe('the file is empty');
    expect(failure(() => importCsv('  \n\n \r\n')).message).toBe('the file is empty');
    expect(failure(() => importCsv(42 as never)).message).toBe('expected the file as text or bytes');
  });

  test('header only, one column, bad header', () => {
    expect(failure(() => importCsv('a,b,label\n')).message).toBe('the file has a header but no data rows');
    expect(failure(() => importCsv('label\nx\ny\n')).message).toMatch(/has 1 column; it needs at least one feature and a label/);
    const dup = failure(() => importCsv('a,a,,label\n1,2,3,x\n'));
    expect(dup.issues).toEqual([
      { line: 1, column: 'a', reason: 'this column name appears twice in the header' },
      { line: 1, column: null, reason: 'column 3 has no name in the header' },
    ]);
  });

  test('ragged rows are reported with their line (quoted newlines and blank lines counted)', () => {
    const error = failure(() => importCsv('a,b,label\n1,2,x\n\n3,"multi\nline",y\n4,5\n6,7,8,z\n'));
    expect(error.issues).toEqual<CsvIssue[]>([
      { line: 6, column: null, reason: 'this row has 2 values, the header has 3' },
      { line: 7, column: null, reason: 'this row has 4 values, the header has 3' },
    ]);
    expect(error.message).toBe('line 6: this row has 2 values, the header has 3 (and 1 more problem)');
  });

  test('bad values: line, column and reason for each', () => {
    const error = failure(() => importCsv('age,city,label\n30,Lyon,a\n31,Lyon,b\n32,,a\nabc,Nice,b\n34,Nice,\n35,Lyon,a\n36,Lyon,b\n37,Lyon,a\n38,Lyon,b\n39,Lyon,a\n40,Lyon,b\n'));
    expect(error.issues).toEqual<CsvIssue[]>([
      { line: 6, column: 'label', reason: 'the label is empty' },
      { line: 4, column: 'city', reason: 'empty value' },
      { line: 5, column: 'age', reason: '"abc" is not a number, but this column is numeric' },
    ]);
    expect(error.details).toMatchObject({ total: 3 });
  });

  test('a label with one class, too many classes, an id-like column', () => {
    expect(failure(() => importCsv('x,label\n1,yes\n2,yes\n')).message).toBe('the label column "label" has only one class ("yes"): a classifier needs at least two');
    const many = ['x,y', ...Array.from({ length: 60 }, (_, i) => `${i},${i * 1.5}`)].join('\n');
    expect(failure(() => importCsv(many)).message).toMatch(/"y" has 60 distinct values \(the limit is 50\): is it a number to predict/);
    const ids = ['user,label', ...Array.from({ length: 150 }, (_, i) => `u${i},${i % 2}`)].join('\n');
    expect(failure(() => importCsv(ids)).message).toMatch(/column "user" has more than 100 distinct text values: an id or free text/);
    expect(failure(() => importCsv(GOOD, { label: 'nope' })).message).toBe('no label column "nope" (columns: age, income, city, approved)');
  });

  test('a million rows stops at the row limit without parsing them all; the byte limit refuses early', () => {
    const million = `a,b,label\n${'1,2,0\n1,3,1\n'.repeat(500_000)}`;
    expect(failure(() => importCsv(million)).message).toBe('the file has more than 200000 data rows (the limit); import a sample of it');
    expect(failure(() => importCsv(million, { limits: { maxBytes: 1_000_000 } })).message).toBe(`the file is too large (${million.length} characters; the limit is 1000000)`);
    expect(failure(() => importCsv(new Uint8Array(2_000_001), { limits: { maxBytes: 2_000_000 } })).message).toBe('the file is too large (2000001 bytes; the limit is 2000000)');
    const wide = `${Array.from({ length: 1001 }, (_, i) => `c${i}`).join(',')}\n`;
    expect(failure(() => importCsv(wide)).message).toBe('line 1: 1001 columns; the limit is 1000');
  });

  test('unterminated quotes are reported by the parser with the line', () => {
    const error = failure(() => importCsv('a,b,label\n1,"open,x\n2,3,y\n'));
    expect(error.issues[0]).toMatchObject({ line: 2, column: null });
    expect(error.issues[0]?.reason).toMatch(/Quoted field unterminated/);
  });
});

describe('drift on an imported dataset', () => {
  const rows = ['x1,x2,label', ...Array.from({ length: 200 }, (_, i) => `${(i % 20) / 2},${Math.floor(i / 20)},${(i % 20) + Math.floor(i / 20) < 15 ? 'low' : 'high'}`)].join('\n');
  const data = importCsv(rows, { name: 'grid' });

  test('covariate shift, prior shift and concept drift each run with their ground truth', () => {
    const covariate = csvScenario(data, { kind: 'covariate', feature: 'x1', shift: 5 }, { at: 500 });
    const prior = csvScenario(data, { kind: 'prior', mix: [0.9, 0.1] }, { at: 500, width: 100 });
    const concept = csvScenario(data, { kind: 'concept', feature: 'x1', from: 0, to: 1 }, { at: 500 });
    expect(groundTruth(covariate)).toEqual([expect.objectContaining({ kind: 'covariate', onset: 500, end: 500, features: ['x1'] })]);
    expect(groundTruth(prior)).toEqual([expect.objectContaining({ kind: 'prior', onset: 450, end: 550 })]);
    expect(groundTruth(concept)).toEqual([expect.objectContaining({ kind: 'concept', features: ['x1'] })]);

    const mean = (s: ScenarioSource, from: number, n: number, f: (r: { row: Float64Array; label: number }) => number) => {
      let sum = 0;
      for (let i = 0; i < from + n; i++) {
        const r = s.next();
        if (i >= from) sum += f(r);
      }
      return sum / n;
    };
    const c1 = mean(new ScenarioSource(covariate, 1, { generator: data }), 0, 500, (r) => r.row[0] as number);
    const c2 = mean(new ScenarioSource(covariate, 1, { generator: data }), 500, 500, (r) => r.row[0] as number);
    expect(c2 - c1).toBeCloseTo(5, 0);
    expect(mean(new ScenarioSource(prior, 1, { generator: data }), 700, 2000, (r) => (r.label === 0 ? 1 : 0))).toBeCloseTo(0.9, 1);
    // "high" is class 0: after the remap no row with x1 >= 4.75 is "high".
    const remapped = new ScenarioSource(concept, 1, { generator: data, start: 600 });
    for (let i = 0; i < 500; i++) {
      const r = remapped.next();
      if ((r.row[0] as number) >= 4.75) expect(r.label).toBe(1);
    }
  });

  test('a scenario for imported data needs that data', () => {
    const s = csvScenario(data, { kind: 'prior', mix: [0.5, 0.5] }, { at: 10 });
    expect(() => new ScenarioSource(s, 1)).toThrow(/dataset: this scenario runs on an imported dataset/);
    expect(() => csvScenario(data, { kind: 'prior', mix: [1] }, { at: 10 })).toThrow(/mix: must list one share per class \(2\)/);
    expect(() => csvScenario(data, { kind: 'covariate', feature: 'nope' }, { at: 10 })).toThrow(/no feature "nope"/);
  });
});
