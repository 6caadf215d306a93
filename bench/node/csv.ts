/**
 * Bench `csv`, Node part (tfjs cpu backend): importing the learner's own CSV and running the loop on
 * it (the fields are explained below and in bench/csv.ts; numbers in README.md, "Your own CSV through the loop").
 *
 * - `import.<rows>x<columns>`: read, infer + encode, and the portable JSON of seeded wide files
 *   (bench/lib/csv-measure.ts), from 10,000 x 10 to the stated minimum, 50,000 x 50;
 * - `loop`: a Lab on the 50,000 x 50 data with the suggested concept drift: `Lab.create` (the data
 *   read back from its JSON), the first version's training, 2,000 streamed requests, and the
 *   exported session's size (it keeps the data).
 */
import * as tf from '@tensorflow/tfjs';
import { csvRun, importCsv, suggestDrift } from '../../datasets/csv/index';
import { Lab } from '../../src/loop/engine/lab';
import { exportSession } from '../../src/loop/persistence/session';
import { measureImport, wideCsv } from '../lib/csv-measure';

const SIZES: [number, number][] = [
  [10_000, 10],
  [50_000, 10],
  [50_000, 50],
];

export default async function run(): Promise<Record<string, unknown>> {
  await tf.setBackend('cpu');
  const imports: Record<string, unknown> = {};
  for (const [rows, columns] of SIZES) {
    const text = wideCsv(rows, columns);
    imports[`${rows}x${columns}`] = measureImport(text);
    process.stderr.write(`csv import ${rows}x${columns}: ${JSON.stringify(imports[`${rows}x${columns}`])}\n`);
  }
  const data = importCsv(wideCsv(50_000, 50), { name: 'wide' });
  const config = { ...csvRun(data, suggestDrift(data, 'concept'), { at: 1000, length: 2000 }), seed: 7, requests: 2000 };
  let t = performance.now();
  const lab = await Lab.create(config);
  const create = performance.now() - t;
  t = performance.now();
  await lab.bootstrap();
  const bootstrap = performance.now() - t;
  t = performance.now();
  await lab.runToEnd();
  const stream = performance.now() - t;
  t = performance.now();
  const session = JSON.stringify(await exportSession({ config: lab.config, registry: lab.registry }));
  const exportMs = performance.now() - t;
  const loop = {
    rows: 50_000,
    features: 50,
    create_s: Math.round(create) / 1000,
    first_version_s: Math.round(bootstrap) / 1000,
    requests: 2000,
    stream_s: Math.round(stream) / 1000,
    requests_per_s: Math.round(2000 / (stream / 1000)),
    versions: lab.registry.list().length,
    session_mb: Math.round(session.length / 1e4) / 100,
    export_session_s: Math.round(exportMs) / 1000,
  };
  process.stderr.write(`csv loop: ${JSON.stringify(loop)}\n`);
  return { node: { import: imports, loop } };
}
