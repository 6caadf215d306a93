/**
 * A whole lab session as one JSON document: the settings (the LabConfig) and the registry's content —
 * every version with its weights (each in the one-file version export format), the append-only
 * deployment history and the release records. It is what the page saves in IndexedDB and what
 * "Export session" downloads.
 *
 * Reading one back is checked step by step before anything is built, as a model import is: size,
 * JSON, format tag, layout version, the config (scenario, policy, numbers), then every version bundle
 * through the model import itself (manifest, metadata, weight bytes, that TF.js builds it, input and
 * output against its schema), then that each version's schema is the scenario's, then the lineage,
 * the history (positions, aliases, versions, that each move's `previous` is what the alias held) and
 * the release records. Any failure is a SessionError with its `reason`; nothing is changed.
 */
import { createDataset, type DatasetRef } from '../../../datasets/catalog';
import type { DatasetSchema } from '../../../datasets/types';
import { validateSchema } from '../../registry/validate';
import { BUNDLE_FORMAT, exportBundle, type VersionBundle } from '../../registry/export';
import { importBundle } from '../../registry/import';
import { MemoryStore } from '../../registry/memory-store';
import { ModelRegistry } from '../../registry/registry';
import { currentOf } from '../../registry/history';
import { ALIASES, type Alias, type AliasMove, type ReleaseRecord, type StoredArtifacts, type Version } from '../../registry/types';
import { LabError } from '../../errors';
import type { ConfidenceEstimatorState } from '../../monitoring/estimate/cbpe';
import { resolveLabConfig, type LabConfig } from '../engine/config';
import { resolvePolicy } from '../decisions/policy';
import { lookupScenario } from '../engine/scenarios';
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
    if (typeof config.scenario !== 'string') throw new SessionError('bad-config', 'config.scenario: must be the name of a scenario', { field: 'config.scenario' });
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
  if (!Number.isInteger(seq) || (seq as number) <= lastSeq) fail('bad-model', `${at}.metadata.seq`, `must be a whole number above ${lastSeq} (versions in order)`);
  if (metadata.id !== `v${seq as number}`) fail('bad-model', `${at}.metadata.id`, `must be "v${seq as number}"`);
  const parent = metadata.parent;
  if (parent !== null && !(typeof parent === 'string' && known.has(parent))) fail('bad-model', `${at}.metadata.parent`, 'must be null or an earlier version of the session');
  const created = metadata.created;
  if (!isObject(created) || !finite(created.simTime) || typeof created.wallTime !== 'string') fail('bad-model', `${at}.metadata.created`, 'must be { simTime: number, wallTime: string }');
  return structuredClone(metadata) as unknown as Version;
}

function checkHistory(history: unknown, known: Set<string>): AliasMove[] {
  if (!Array.isArray(history)) fail('bad-history', 'registry.history', 'must be a list of alias moves');
  const moves: AliasMove[] = [];
  history.forEach((m: unknown, i: number) => {
    const at = `registry.history[${i}]`;
    if (!isObject(m)) fail('bad-history', at, 'must be an object');
    if (m.seq !== i) fail('bad-history', `${at}.seq`, `must be ${i} (the history is append-only, in order)`);
    if (!ALIASES.includes(m.alias as Alias)) fail('bad-history', `${at}.alias`, `must be one of ${ALIASES.join(', ')}`);
    const alias = m.alias as Alias;
    if (m.version !== null && !(typeof m.version === 'string' && known.has(m.version))) fail('bad-history', `${at}.version`, 'must be null or a version of the session');
    if (m.previous !== currentOf(moves, alias)) fail('bad-history', `${at}.previous`, `must be what ${alias} held before (${JSON.stringify(currentOf(moves, alias))})`);
    if (!finite(m.simTime)) fail('bad-history', `${at}.simTime`, 'must be a finite number');
    if (typeof m.wallTime !== 'string' || typeof m.actor !== 'string') fail('bad-history', at, 'wallTime and actor must be strings');
    if (typeof m.reason !== 'string' || m.reason === '') fail('bad-history', `${at}.reason`, 'every alias move needs a reason');
    if (m.undoes !== undefined && !(count(m.undoes) && (m.undoes as number) < i)) fail('bad-history', `${at}.undoes`, 'must be the position of an earlier move');
    moves.push(structuredClone(m) as unknown as AliasMove);
  });
  return moves;
}

function checkReleases(releases: unknown, known: Set<string>): ReleaseRecord[] {
  if (!Array.isArray(releases)) fail('bad-release', 'registry.releases', 'must be a list of release records');
  return releases.map((r: unknown, i: number) => {
    const at = `registry.releases[${i}]`;
    if (!isObject(r)) fail('bad-release', at, 'must be an object');
    if (r.seq !== i) fail('bad-release', `${at}.seq`, `must be ${i}`);
    if (typeof r.version !== 'string' || !known.has(r.version)) fail('bad-release', `${at}.version`, 'must be a version of the session');
    if (r.replaced !== null && !(typeof r.replaced === 'string' && known.has(r.replaced))) fail('bad-release', `${at}.replaced`, 'must be null or a version of the session');
    if (typeof r.why !== 'string' || typeof r.approver !== 'string' || typeof r.wallTime !== 'string') fail('bad-release', at, 'why, approver and wallTime must be strings');
    if (!finite(r.simTime)) fail('bad-release', `${at}.simTime`, 'must be a finite number');
    if (!isObject(r.data) || !isObject(r.metrics) || !finite(r.metrics.accuracy) || !count(r.metrics.rows)) fail('bad-release', at, 'data and metrics (rows, accuracy) are required');
    if (r.gate !== null && !(isObject(r.gate) && typeof r.gate.passed === 'boolean' && typeof r.gate.rule === 'string' && isObject(r.gate.metrics))) fail('bad-release', `${at}.gate`, 'must be null or { passed, rule, metrics }');
    return structuredClone(r) as unknown as ReleaseRecord;
  });
}

/**
 * Reads and checks a session file (text, bytes, or an already parsed object). Throws a SessionError
 * naming the failed check; builds nothing the caller keeps (each version is test-imported into a
 * scratch in-memory registry, which is closed).
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
  const scratch = await ModelRegistry.open(new MemoryStore());
  const versions: RestoredSession['versions'] = [];
  const known = new Set<string>();
  try {
    let lastSeq = 0;
    for (let i = 0; i < registry.versions.length; i++) {
      const bundle: unknown = registry.versions[i];
      const at = `registry.versions[${i}]`;
      if (!isObject(bundle) || !isObject(bundle.metadata)) fail('bad-model', at, 'must be a version export with its metadata');
      const version = checkIdentity(bundle.metadata, at, known, lastSeq);
      let imported: Version;
      try {
        imported = await importBundle(scratch, JSON.stringify(bundle), { maxBytes: MAX_SESSION_BYTES });
      } catch (error) {
        if (error instanceof LabError) throw new SessionError('bad-model', `${at} (${version.id}): ${error.message}`, { field: at, version: version.id, cause: error.details ?? null });
        throw error;
      }
      checkSchema(version, scenarioSchema, at);
      versions.push({ version, artifacts: await scratch.artifacts(imported.id) });
      known.add(version.id);
      lastSeq = version.seq;
    }
  } finally {
    scratch.close();
  }
  const history = checkHistory(registry.history, known);
  const releases = checkReleases(registry.releases, known);
  const calibrators = checkCalibrators(parsed.calibrators, known);
  if (!currentOf(history, 'production')) throw new SessionError('mismatch', 'the session has no production version to serve', { field: 'registry.history' });
  return { config, versions, history, releases, calibrators, savedAt: typeof parsed.savedAt === 'string' ? parsed.savedAt : '' };
}

/** The schema of the session's scenario's dataset. */
function schemaOf(config: LabConfig): DatasetSchema {
  const ref = lookupScenario(config.scenario).dataset;
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
