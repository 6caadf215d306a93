/**
 * Proves a deployment history (and its release records) consistent by replaying it from the start,
 * as the registry would have written it. Pure: it reads plain JSON (a session file's registry part)
 * and returns the typed moves and records, or throws a HistoryError naming the first entry at fault.
 *
 * Replaying move i (in order) checks that:
 * - it is at position i, of a known alias, and names null or a version of the file;
 * - time runs forward: its simTime is finite and not before move i - 1's;
 * - the version existed: it was created no later than the move (created.simTime <= simTime);
 * - `previous` is exactly what the alias held after moves 0..i-1;
 * - a rollback (`undoes` set) is the one rollback the registry would make at that point: it undoes
 *   a move of the same alias (the move that set the alias's effective state) and returns to the
 *   version that move came from;
 * - it has a reason, a wall time and an actor.
 *
 * Release record j must be at position j, and agree with a production move (in order, each move used
 * once): same version, `replaced` = the move's previous, same simTime and wall time, not a rollback;
 * its data and metrics are the version's own. Version sequence numbers are bounded by
 * MAX_VERSION_SEQ, so the next version can always be numbered.
 */
import { ImportError } from './errors';
import { currentOf, rollbackTarget } from './history';
import { ALIASES, MAX_VERSION_SEQ, type Alias, type AliasMove, type ReleaseRecord, type Version } from './types';

/** Which part of the history is at fault. */
export type HistoryFault = 'bad-history' | 'bad-release';

/** A history or release record that does not replay; `fault`, `field` and `index` say where. */
export class HistoryError extends ImportError {
  readonly fault: HistoryFault;
  readonly field: string;

  constructor(fault: HistoryFault, field: string, reason: string) {
    super('bad-shape', `${field}: ${reason}`, { field, fault });
    this.name = 'HistoryError';
    this.fault = fault;
    this.field = field;
  }
}

/** What the check needs to know of each version. */
export type VersionFacts = Pick<Version, 'id' | 'seq' | 'created' | 'data' | 'evaluation'>;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Structural equality of plain JSON values (key order ignored). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (!isObject(a) || !isObject(b)) return false;
  const ka = Object.keys(a).filter((k) => a[k] !== undefined);
  const kb = Object.keys(b).filter((k) => b[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => same(a[k], b[k]));
}

/** Checks the versions' sequence numbers: whole, increasing, at most MAX_VERSION_SEQ, ids `v<seq>`. */
export function checkVersionSeqs(versions: readonly Pick<Version, 'id' | 'seq'>[], field = 'registry.versions'): void {
  let last = 0;
  versions.forEach((v, i) => {
    if (!Number.isSafeInteger(v.seq) || v.seq <= last || v.seq > MAX_VERSION_SEQ) throw new HistoryError('bad-history', `${field}[${i}].metadata.seq`, `must be a whole number above ${last} and at most ${MAX_VERSION_SEQ}, got ${JSON.stringify(v.seq)}`);
    if (v.id !== `v${v.seq}`) throw new HistoryError('bad-history', `${field}[${i}].metadata.id`, `must be "v${v.seq}"`);
    last = v.seq;
  });
}

/** Replays `history` over `versions`; returns the typed moves, or throws a HistoryError. */
export function checkMoves(history: unknown, versions: readonly VersionFacts[]): AliasMove[] {
  if (!Array.isArray(history)) throw new HistoryError('bad-history', 'registry.history', 'must be a list of alias moves');
  const byId = new Map(versions.map((v) => [v.id, v]));
  const moves: AliasMove[] = [];
  history.forEach((m: unknown, i: number) => {
    const at = `registry.history[${i}]`;
    const fail = (field: string, why: string): never => {
      throw new HistoryError('bad-history', field, why);
    };
    if (!isObject(m)) fail(at, 'must be an object');
    const move = m as Record<string, unknown>;
    if (move.seq !== i) fail(`${at}.seq`, `must be ${i} (the history is append-only, in order)`);
    if (!ALIASES.includes(move.alias as Alias)) fail(`${at}.alias`, `must be one of ${ALIASES.join(', ')}`);
    const alias = move.alias as Alias;
    if (!finite(move.simTime)) fail(`${at}.simTime`, 'must be a finite number');
    const simTime = move.simTime as number;
    const before = moves[i - 1];
    if (before && simTime < before.simTime) fail(`${at}.simTime`, `is ${simTime}, before the previous move's ${before.simTime}: the history runs forward in time`);
    if (move.version !== null) {
      const version = typeof move.version === 'string' ? byId.get(move.version) : undefined;
      if (!version) fail(`${at}.version`, 'must be null or a version of the session');
      if ((version as VersionFacts).created.simTime > simTime) fail(`${at}.version`, `${String(move.version)} is deployed at ${simTime} but created at ${(version as VersionFacts).created.simTime}: a version exists before it is deployed`);
    }
    const held = currentOf(moves, alias);
    if (move.previous !== held) fail(`${at}.previous`, `must be what ${alias} held before (${JSON.stringify(held)}), got ${JSON.stringify(move.previous)}`);
    if (typeof move.wallTime !== 'string' || typeof move.actor !== 'string') fail(at, 'wallTime and actor must be strings');
    if (typeof move.reason !== 'string' || move.reason === '') fail(`${at}.reason`, 'every alias move needs a reason');
    if (move.undoes !== undefined) {
      if (!Number.isInteger(move.undoes) || (move.undoes as number) < 0 || (move.undoes as number) >= i) fail(`${at}.undoes`, 'must be the position of an earlier move');
      const undone = moves[move.undoes as number] as AliasMove;
      if (undone.alias !== alias) fail(`${at}.undoes`, `undoes move ${undone.seq}, a move of ${undone.alias}, not of ${alias}`);
      const target = rollbackTarget(moves, alias);
      if (!target) fail(`${at}.undoes`, `${alias} had no earlier version to roll back to`);
      if ((target as { undoes: number }).undoes !== move.undoes) fail(`${at}.undoes`, `a rollback of ${alias} here undoes move ${(target as { undoes: number }).undoes}, not ${String(move.undoes)}`);
      if ((target as { version: string }).version !== move.version) fail(`${at}.version`, `a rollback undoing move ${String(move.undoes)} returns to ${(target as { version: string }).version}, the version that move came from, not ${JSON.stringify(move.version)}`);
    }
    const typed: AliasMove = {
      seq: i,
      alias,
      version: move.version as string | null,
      previous: move.previous as string | null,
      simTime,
      wallTime: move.wallTime as string,
      reason: move.reason as string,
      actor: move.actor as string,
      ...(move.undoes !== undefined ? { undoes: move.undoes as number } : {}),
    };
    moves.push(typed);
  });
  return moves;
}

/** Checks the release records against the replayed moves and the versions; returns them typed. */
export function checkReleases(releases: unknown, moves: readonly AliasMove[], versions: readonly VersionFacts[]): ReleaseRecord[] {
  if (!Array.isArray(releases)) throw new HistoryError('bad-release', 'registry.releases', 'must be a list of release records');
  const byId = new Map(versions.map((v) => [v.id, v]));
  let cursor = 0;
  return releases.map((r: unknown, j: number) => {
    const at = `registry.releases[${j}]`;
    const fail = (field: string, why: string): never => {
      throw new HistoryError('bad-release', field, why);
    };
    if (!isObject(r)) fail(at, 'must be an object');
    const record = r as Record<string, unknown>;
    if (record.seq !== j) fail(`${at}.seq`, `must be ${j}`);
    const version = typeof record.version === 'string' ? byId.get(record.version) : undefined;
    if (!version) fail(`${at}.version`, 'must be a version of the session');
    if (record.replaced !== null && !(typeof record.replaced === 'string' && byId.has(record.replaced))) fail(`${at}.replaced`, 'must be null or a version of the session');
    if (typeof record.why !== 'string' || typeof record.approver !== 'string' || typeof record.wallTime !== 'string') fail(at, 'why, approver and wallTime must be strings');
    if (!finite(record.simTime)) fail(`${at}.simTime`, 'must be a finite number');
    if (!isObject(record.data) || !isObject(record.metrics) || !finite(record.metrics.accuracy) || !Number.isInteger(record.metrics.rows)) fail(at, 'data and metrics (rows, accuracy) are required');
    if (record.gate !== null && !(isObject(record.gate) && typeof record.gate.passed === 'boolean' && typeof record.gate.rule === 'string' && isObject(record.gate.metrics))) fail(`${at}.gate`, 'must be null or { passed, rule, metrics }');
    const v = version as VersionFacts;
    if (!same(record.metrics, v.evaluation)) fail(`${at}.metrics`, `must be ${v.id}'s evaluation metrics`);
    if (!same(record.data, v.data)) fail(`${at}.data`, `must be ${v.id}'s training data`);
    let k = cursor;
    const agrees = (m: AliasMove) => m.alias === 'production' && m.undoes === undefined && m.version === record.version && m.previous === record.replaced && m.simTime === record.simTime && m.wallTime === record.wallTime;
    while (k < moves.length && !agrees(moves[k] as AliasMove)) k += 1;
    if (k >= moves.length) fail(at, `no production move after the previous release's puts ${v.id} live replacing ${JSON.stringify(record.replaced)} at simTime ${String(record.simTime)} (${String(record.wallTime)}): a release record agrees with the history`);
    cursor = k + 1;
    return structuredClone(record) as unknown as ReleaseRecord;
  });
}
