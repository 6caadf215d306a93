/**
 * The endpoint view's health and metadata panel: the Open Inference Protocol calls a client would
 * make (`GET v2/health/live`, `GET v2/health/ready`, `GET v2/models/<name>/ready`,
 * `GET v2/models/<name>`) and their answers, built from a lab snapshot with the same functions the
 * endpoint answers with (src/serving/metadata.ts), so the view shows exactly what the endpoint says.
 */
import type { DatasetSchema } from '../../datasets/types';
import { modelMetadata, readiness, type DeployedVersions } from '../../src/serving/metadata';

/** The name the lab's endpoint serves its model under (the Lab's Endpoint is named "lab"). */
export const LAB_ENDPOINT_NAME = 'lab';

/** One protocol call and its answer. */
export interface HealthCall {
  /** E.g. "GET v2/health/ready". */
  call: string;
  answer: unknown;
  /** The answer in words. */
  words: string;
}

/** The health and metadata calls and their answers for a lab whose endpoint serves `deployed`. */
export function healthCalls(schema: DatasetSchema, deployed: DeployedVersions, live: boolean, name = LAB_ENDPOINT_NAME): HealthCall[] {
  const serverReady = readiness(name, deployed) as { ready: boolean };
  const modelReady = readiness(name, deployed, name) as { name: string; ready: boolean };
  const meta = modelMetadata(name, schema, deployed);
  const versions = 'versions' in meta ? meta.versions : [];
  return [
    { call: 'GET v2/health/live', answer: { live }, words: live ? 'The server is up and answers calls.' : 'The server is not running.' },
    { call: 'GET v2/health/ready', answer: serverReady, words: serverReady.ready ? 'Ready for inference: a production version is loaded and warmed up.' : 'Not ready: no production version is loaded (requests get the fallback or 503).' },
    { call: `GET v2/models/${name}/ready`, answer: modelReady, words: modelReady.ready ? `Model "${name}" is ready.` : `Model "${name}" is not ready.` },
    {
      call: `GET v2/models/${name}`,
      answer: meta,
      words: `Model metadata: serving ${versions.length ? versions.join(', ') : 'no version'}; inputs ${schema.features.map((f) => f.name).join(', ')} (one per feature, or one [rows, ${schema.features.length}] FP32 tensor); outputs probabilities, label and class_index.`,
    },
  ];
}

/** The endpoint's out-of-range flags and what the lab did with them, in one sentence (null before any flag). */
export function dataCheckWords(checks: { flagged: number; firstFlagged: number | null; byFeature: Record<string, number>; heldBack: { rows: number } } | undefined): string | null {
  if (!checks || checks.flagged === 0) return null;
  const features = Object.entries(checks.byFeature)
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => `${name} ${n.toLocaleString('en-US')}`)
    .join(', ');
  const first = checks.firstFlagged === null ? '' : ` (first at request ${checks.firstFlagged.toLocaleString('en-US')})`;
  return `${checks.flagged.toLocaleString('en-US')} stream request${checks.flagged === 1 ? '' : 's'} had a value outside the range seen in normal operation${first}: ${features}. The endpoint still answered them (the response lists them under out_of_range), and the lab held ${checks.heldBack.rows.toLocaleString('en-US')} of their labelled rows back from training: check the data before trusting a drift alarm or a retrain on it.`;
}
