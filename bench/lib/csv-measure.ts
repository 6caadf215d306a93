/**
 * The `csv` bench's measurements, shared by its Node part (bench/node/csv.ts) and its page part
 * (bench/csv.ts): a seeded wide CSV (rows x columns of numbers with 6 significant digits, a
 * 3-class label), and the times of reading it (`readCsv`), inferring and encoding it (`importTable`)
 * and turning it into the plain JSON a Lab config carries (`toPortable`, `fromPortable`).
 */
import { fromPortable, importTable, readCsv, toPortable } from '../../datasets/csv/index';
import { createRng } from '../../datasets/random';

/** A seeded CSV: `rows` x `columns` numbers in [0, 1000) (6 significant digits) and a label that depends on the first two. */
export function wideCsv(rows: number, columns: number, seed = 11): string {
  const rng = createRng(seed);
  const lines = [[...Array.from({ length: columns }, (_, j) => `f${j + 1}`), 'label'].join(',')];
  const row = new Array<string>(columns + 1);
  for (let r = 0; r < rows; r++) {
    let a = 0;
    let b = 0;
    for (let j = 0; j < columns; j++) {
      const x = rng.next() * 1000;
      if (j === 0) a = x;
      if (j === 1) b = x;
      row[j] = x.toPrecision(6);
    }
    row[columns] = a + b < 800 ? 'low' : a + b < 1200 ? 'mid' : 'high';
    lines.push(row.join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Seconds with three decimals. */
const s3 = (ms: number): number => Math.round(ms) / 1000;

/** Times one import of `text`: read, infer + encode, to and from the portable form; and the sizes. */
export function measureImport(text: string): Record<string, number> {
  let t = performance.now();
  const table = readCsv(text);
  const read = performance.now() - t;
  t = performance.now();
  const data = importTable(table, { name: 'wide' });
  const infer = performance.now() - t;
  t = performance.now();
  const portable = toPortable(data);
  const toP = performance.now() - t;
  t = performance.now();
  const json = JSON.stringify(portable);
  const stringify = performance.now() - t;
  t = performance.now();
  fromPortable(JSON.parse(json));
  const back = performance.now() - t;
  return {
    rows: data.source.rows,
    features: data.schema.features.length,
    file_mb: Math.round(text.length / 1e4) / 100,
    read_s: s3(read),
    infer_encode_s: s3(infer),
    import_s: s3(read + infer),
    to_portable_s: s3(toP),
    portable_json_mb: Math.round(json.length / 1e4) / 100,
    portable_json_s: s3(stringify),
    from_portable_json_s: s3(back),
  };
}
