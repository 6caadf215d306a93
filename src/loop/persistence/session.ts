/**
 * A whole lab session as one JSON document: the settings (the LabConfig) and the registry's content —
 * every version with its weights (each in the one-file version export format), the append-only
 * deployment history and the release records. It is what the page saves in IndexedDB and what
 * "Export session" downloads.
 *
 * Reading one back is checked step by step, and everything that needs no TF.js comes before anything
 * is built: size, JSON, format tag, layout version, the config (scenario, policy, numbers), then
 * every version bundle through the model import's own checks (declared and real byte counts,
 * manifest, topology and parameter count, finite weights, a probability output, metadata), its
 * identity and lineage, that its schema is the scenario's; then the history replayed from the start
 * (registry/history-check.ts: time order, each move's previous alias value, rollback targets,
 * versions created before they are deployed, bounded sequence numbers) and the release records
 * against it; only then is each model built once (and disposed) to prove TF.js loads it. Any failure
 * is a SessionError with its `reason`; nothing is changed and no tensor is left behind.
 */
import { createDataset, type DatasetRef } from '../../../datasets/catalog';
import type { DatasetSchema } from '../../../datasets/types';
import type { Scenario } from '../../../datasets/scenarios/types';
import { validateSchema } from '../../registry/validate';
import { BUNDLE_FORMAT, exportBundle, type VersionBundle } from '../../registry/export';
import { bundleFiles, precheckImport, proveLoadable, type CheckedImport } from '../../registry/import';
import { MemoryStore } from '../../registry/memory-store';
import type { ModelRegistry } from '../../registry/registry';
import { currentOf } from '../../registry/history';
import { checkMoves, checkReleases, HistoryError } from '../../registry/history-check';
import { MAX_VERSION_SEQ, type AliasMove, type ReleaseRecord, type StoredArtifacts, type Version } from '../../registry/types';
import { LabError } from '../../errors';
import type { ConfidenceEstimatorState } from '../../monitoring/estimate/cbpe';
import { resolveLabConfig, type LabConfig } from '../engine/config';
import { resolvePolicy } from '../decisions/policy';
import { lookupScenario } from '../engine/scenarios';
import { ownData } from '../engine/own-data';
import { MAX_SESSION_BYTES, SessionError } from './session-error';

export { MAX_SESSION_BYTES };

/** The `format` tag of a session file. */
export const SESSION_FORMAT = 'mlops-lab/session';
/** The layout version of a session file. */
export const SESSION_FORMAT_VERSION = 1;

/** A session as it is written. */
export interface SessionFile {
  format: typeof SESSION_FORMAT;
  formatVersion: number;
  savedAt: string;
  config: LabConfig;
  registry: {
    /** Every version as its one-file export (metadata keeps the original id, parent and times). */
    versions: VersionBundle[];
    history: AliasMove[];
    releases: ReleaseRecord[];
  };
  /** Each version's confidence calibrator (the label-free estimate's map), by version id; optional (a session without it restores with no estimate for those versions). */
  calibrators?: Record<string, ConfidenceEstimatorState>;
}

/** A checked session: the config and the registry's content, ready for `Lab.create(config, { restore })`. */
export interface RestoredSession {
  config: LabConfig;
  versions: { version: Version; artifacts: StoredArtifacts }[];
  history: AliasMove[];
  releases: ReleaseRecord[];
  calibrators: Record<string, ConfidenceEstimatorState>;
  savedAt: string;
}

/** The registry content a session is written from. */
export interface SessionSource {
  config: LabConfig;
  registry: ModelRegistry;
  /** The versions' calibrators (Lab.calibratorStates()). */
  calibrators?: Record<string, ConfidenceEstimatorState>;
}

/** Writes a session (the config and everything the registry holds) as a SessionFile object. */
export async function exportSession(source: SessionSource, savedAt: Date = new Date()): Promise<SessionFile> {
  const versions: VersionBundle[] = [];
  for (const v of source.registry.list()) versions.push(JSON.parse(await exportBundle(source.registry, v.id, savedAt)) as VersionBundle);
  return {
    format: SESSION_FORMAT,
    formatVersion: SESSION_FORMAT_VERSION,
    savedAt: savedAt.toISOString(),
    config: structuredClone(source.config),
    registry: { versions, history: structuredClone([...source.registry.history()]), releases: structuredClone([...source.registry.releases()]) },
    ...(source.calibrators ? { calibrators: structuredClone(source.calibrators) } : {}),
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const count = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

function fail(reason: 'bad-format' | 'bad-history' | 'bad-release' | 'bad-model', field: string, why: string): never {
  throw new SessionError(reason, `${field}: ${why}`, { field });
}

function checkConfig(config: unknown): LabConfig {
  if (!isObject(config)) throw new SessionError('bad-config', 'config: must be an object', { field: 'config' });
  try {
    // A run on the learner's own data keeps its scenario object and the data (own-data.ts checks both).
    if (config.dataset !== undefined && isObject(config.scenario)) ownData(config as unknown as LabConfig, config.scenario as unknown as Scenario);
    else if (typeof config.scenario !== 'string') throw new SessionError('bad-config', 'config.scenario: must be the name of a scenario', { field: 'config.scenario' });
    const resolved = resolveLabConfig(config as unknown as LabConfig);
    lookupScenario(resolved.scenario);
    resolvePolicy(config.policy ?? 'on-alert');
  } catch (error) {
    if (error instanceof SessionError) throw error;
    throw new SessionError('bad-config', `config: ${(error as Error).message}`, { field: 'config' });
  }
  return structuredClone(config) as unknown as LabConfig;
}

/** The version's identity as the session gives it (the import checked the rest of its metadata). */
function checkIdentity(metadata: Record<string, unknown>, at: string, known: Set<string>, lastSeq: number): Version {
  const seq = metadata.seq;
  if (!Number.isSafeInteger(seq) || (seq as number) <= lastSeq || (seq as number) > MAX_VERSION_SEQ) fail('bad-model', `${at}.metadata.seq`, `must be a whole number above ${lastSeq} and at most ${MAX_VERSION_SEQ} (versions in order)`);
  if (metadata.id !== `v${seq as number}`) fail('bad-model', `${at}.metadata.id`, `must be "v${seq as number}"`);
  const parent = metadata.parent;
  if (parent !== null && !(typeof parent === 'string' && known.has(parent))) fail('bad-model', `${at}.metadata.parent`, 'must be null or an earlier version of the session');
  const created = metadata.created;
  if (!isObject(created) || !finite(created.simTime) || typeof created.wallTime !== 'string') fail('bad-model', `${at}.metadata.created`, 'must be { simTime: number, wallTime: string }');
  return structuredClone(metadata) as unknown as Version;
}

/**
 * Reads and checks a session file (text, bytes, or an already parsed object). Throws a SessionError
 * naming the failed check; builds nothing the caller keeps (each model is built once to prove it
 * loads, then disposed).
 */
export async function readSession(file: string | ArrayBuffer | Uint8Array | object, options: { maxBytes?: number } = {}): Promise<RestoredSession> {
  let parsed: unknown = file;
  if (typeof file === 'string' || file instanceof ArrayBuffer || file instanceof Uint8Array) {
    const maxBytes = options.maxBytes ?? MAX_SESSION_BYTES;
    const size = typeof file === 'string' ? file.length : file.byteLength;
    if (size > maxBytes) throw new SessionError('too-large', `the file is ${size} bytes; the limit is ${maxBytes}`, { size, maxBytes });
    const text = typeof file === 'string' ? file : new TextDecoder().decode(file);
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new SessionError('not-json', `the file is not JSON: ${(error as Error).message}`);
    }
  }
  if (!isObject(parsed)) fail('bad-format', 'file', 'must be a JSON object');
  if (parsed.format !== SESSION_FORMAT) {
    const hint = parsed.format === BUNDLE_FORMAT ? ' (this is one exported version: import it in the registry view)' : '';
    fail('bad-format', 'format', `must be "${SESSION_FORMAT}", got ${JSON.stringify(parsed.format)}${hint}`);
  }
  if (parsed.formatVersion !== SESSION_FORMAT_VERSION) throw new SessionError('bad-version', `formatVersion: this lab reads session layout ${SESSION_FORMAT_VERSION}, the file has ${JSON.stringify(parsed.formatVersion)}`, { field: 'formatVersion' });
  const config = checkConfig(parsed.config);
  const scenarioSchema = schemaOf(config);
  const registry = parsed.registry;
  if (!isObject(registry) || !Array.isArray(registry.versions)) fail('bad-format', 'registry.versions', 'must be a list of version exports');
  if (registry.versions.length === 0) fail('bad-model', 'registry.versions', 'the session has no version');
  const checked: CheckedImport[] = [];
  const versions: RestoredSession['versions'] = [];
  const known = new Set<string>();
  let lastSeq = 0;
  for (let i = 0; i < registry.versions.length; i++) {
    const bundle: unknown = registry.versions[i];
    const at = `registry.versions[${i}]`;
    if (!isObject(bundle) || !isObject(bundle.metadata)) fail('bad-model', at, 'must be a version export with its metadata');
    const version = checkIdentity(bundle.metadata, at, known, lastSeq);
    try {
      checked.push(precheckImport(bundleFiles(bundle), { maxBytes: MAX_SESSION_BYTES }));
    } catch (error) {
      if (error instanceof LabError) throw new SessionError('bad-model', `${at} (${version.id}): ${error.message}`, { field: at, version: version.id, cause: error.details ?? null });
      throw error;
    }
    checkSchema(version, scenarioSchema, at);
    versions.push({ version, artifacts: (checked[i] as CheckedImport).artifacts });
    known.add(version.id);
    lastSeq = version.seq;
  }
  let history: AliasMove[];
  let releases: ReleaseRecord[];
  try {
    const facts = versions.map((v) => v.version);
    history = checkMoves(registry.history, facts);
    releases = checkReleases(registry.releases, history, facts);
  } catch (error) {
    if (error instanceof HistoryError) throw new SessionError(error.fault, error.message, { field: error.field });
    throw error;
  }
  const calibrators = checkCalibrators(parsed.calibrators, known);
  if (!currentOf(history, 'production')) throw new SessionError('mismatch', 'the session has no production version to serve', { field: 'registry.history' });
  for (let i = 0; i < checked.length; i++) {
    const id = versions[i]?.version.id as string;
    try {
      await proveLoadable(checked[i] as CheckedImport);
    } catch (error) {
      if (error instanceof LabError) throw new SessionError('bad-model', `registry.versions[${i}] (${id}): ${error.message}`, { field: `registry.versions[${i}]`, version: id, cause: error.details ?? null });
      throw error;
    }
  }
  return { config, versions, history, releases, calibrators, savedAt: typeof parsed.savedAt === 'string' ? parsed.savedAt : '' };
}

/** The schema of the session's scenario's dataset. */
function schemaOf(config: LabConfig): DatasetSchema {
  const ref = lookupScenario(config.scenario).dataset;
  const own = ownData(config, lookupScenario(config.scenario));
  if (own) return own.schema;
  if (ref.id === 'imported') throw new SessionError('bad-config', 'config.scenario: a scenario on an imported CSV dataset cannot be restored from a session', { field: 'config.scenario' });
  return createDataset(ref as DatasetRef).schema;
}

function checkSchema(version: Version, want: DatasetSchema, at: string): void {
  const schema = validateSchema(version.schema, `${at}.metadata.schema`);
  const names = (s: typeof schema) => JSON.stringify([s.features.map((f) => [f.name, f.type]), s.classes]);
  if (names(schema) !== names(want)) {
    throw new SessionError('mismatch', `${at} (${version.id}): its features and classes are not those of the session's scenario`, { field: `${at}.metadata.schema`, version: version.id });
  }
}

/** The calibrators: optional; each of a known version, with finite, ordered blocks in [0, 1]. */
function checkCalibrators(value: unknown, known: Set<string>): Record<string, ConfidenceEstimatorState> {
  if (value === undefined) return {};
  const bad = (field: string, why: string): never => {
    throw new SessionError('bad-model', `${field}: ${why}`, { field });
  };
  if (!isObject(value)) bad('calibrators', 'must be an object of calibrators by version id');
  const out: Record<string, ConfidenceEstimatorState> = {};
  for (const [id, state] of Object.entries(value as Record<string, unknown>)) {
    const at = `calibrators.${id}`;
    if (!known.has(id)) bad(at, 'is not a version of the session');
    if (!isObject(state) || !Array.isArray(state.blocks) || state.blocks.length === 0) bad(`${at}.blocks`, 'must be a non-empty list');
    const s = state as Record<string, unknown> & { blocks: unknown[] };
    s.blocks.forEach((b: unknown, i: number) => {
      const ok = isObject(b) && [b.xMin, b.xMax, b.value, b.weight].every(finite) && (b.xMin as number) <= (b.xMax as number) && (b.value as number) >= 0 && (b.value as number) <= 1 && (b.weight as number) > 0;
      if (!ok) bad(`${at}.blocks[${i}]`, 'must be { xMin <= xMax, value in [0, 1], weight > 0 }, all finite');
    });
    if (!count(s.fittedRows) || !finite(s.fittedAccuracy)) bad(at, 'fittedRows and fittedAccuracy must be numbers');
    out[id] = structuredClone(s) as unknown as ConfidenceEstimatorState;
  }
  return out;
}

/** A store holding a restored session's registry content (versions with their original ids, the history, the releases). */
export async function sessionStore(session: RestoredSession): Promise<MemoryStore> {
  const store = new MemoryStore();
  for (const { version, artifacts } of session.versions) await store.putVersion(version, artifacts);
  for (const move of session.history) await store.appendMove(move);
  for (const record of session.releases) await store.appendRelease(record);
  return store;
}
