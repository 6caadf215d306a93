/**
 * Bench `csv`, page part: what `<mlops-csv>` does in the page's main thread with a 50,000 x 50 file
 * (read, infer + encode, the portable JSON), and the Lab worker taking the data: `create` (the config
 * with 2.5 million numbers crosses postMessage, the worker reads it back and trains the first version)
 * and 2,000 streamed requests; then `element_long_tasks`: how long `<mlops-csv>` holds the main
 * thread while it reads the same file (bench/lib/csv-element.ts: before the CSV worker, in the
 * worker, in the page in slices). The result goes under `chromium`; the Node part's is under `node`.
 */
import { csvRun, importCsv, suggestDrift } from '../datasets/csv/index';
import { createWorkerLabClient } from '../src/worker/lab-client';
import { measureElementReading } from './lib/csv-element';
import { measureImport, wideCsv } from './lib/csv-measure';
import { browserFacts, progress, publish } from './lib/page';

async function run(): Promise<Record<string, unknown>> {
  const text = wideCsv(50_000, 50);
  progress('bench csv (page): import 50,000 x 50 in the main thread');
  const imported = measureImport(text);
  const data = importCsv(text, { name: 'wide' });
  const config = { ...csvRun(data, suggestDrift(data, 'concept'), { at: 1000, length: 2000 }), seed: 7, requests: 2000, backend: 'cpu' as const };
  const client = createWorkerLabClient();
  progress('bench csv (page): the Lab worker takes the data');
  let t = performance.now();
  await client.create(config);
  const create = performance.now() - t;
  t = performance.now();
  await client.run(2000);
  const stream = performance.now() - t;
  t = performance.now();
  const session = JSON.stringify(await client.exportSession());
  const exportMs = performance.now() - t;
  await client.dispose();
  progress('bench csv (page): how long <mlops-csv> holds the main thread while it reads the file');
  const elementLongTasks = await measureElementReading(text, 3, progress);
  return {
    chromium: {
      browser: browserFacts(),
      import: { '50000x50': imported },
      element_long_tasks: elementLongTasks,
      worker: { create_and_first_version_s: Math.round(create) / 1000, requests: 2000, stream_s: Math.round(stream) / 1000, session_mb: Math.round(session.length / 1e4) / 100, export_session_s: Math.round(exportMs) / 1000 },
    },
  };
}

publish(run());
