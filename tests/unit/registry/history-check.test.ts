/**
 * The history replay (registry/history-check.ts): every history the registry really writes replays
 * as it is; every rewrite of it the issue names is refused with a typed HistoryError naming the entry
 * at fault. Property-based (fast-check, seeded): random sequences of deploys, promotions, rollbacks
 * and undeploys of two aliases build the histories, random mutations break them.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { checkMoves, checkReleases, checkVersionSeqs, HistoryError, MemoryStore, ModelRegistry, type AliasMove, type ReleaseRecord, type Version } from '../../../src/registry/index';
import { tinyModel, versionInfo } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type Op = { kind: 'move'; alias: 'production' | 'candidate'; version: string | null } | { kind: 'rollback'; alias: 'production' | 'candidate' } | { kind: 'promote'; version: string };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('move' as const), alias: fc.constantFrom('production' as const, 'candidate' as const), version: fc.constantFrom('v1', 'v2', 'v3', null) }),
  fc.record({ kind: fc.constant('rollback' as const), alias: fc.constantFrom('production' as const, 'candidate' as const) }),
  fc.record({ kind: fc.constant('promote' as const), version: fc.constantFrom('v1', 'v2', 'v3') }),
);

let template: { versions: Version[]; artifacts: Awaited<ReturnType<MemoryStore['getArtifacts']>>[] };

beforeAll(async () => {
  const registry = await ModelRegistry.open();
  for (let seed = 1; seed <= 3; seed++) {
    const model = tinyModel(seed);
    await registry.register(model, versionInfo(seed, { simTime: seed * 5 }));
    model.dispose();
  }
  template = { versions: [...registry.list()], artifacts: await Promise.all(registry.list().map((v) => registry.store.getArtifacts(v.id))) };
});

/** A registry with v1..v3 (created at simTime 5, 10, 15) after `ops`, one every 10 time units from 20. */
async function historyOf(ops: Op[]): Promise<{ versions: Version[]; moves: AliasMove[]; releases: ReleaseRecord[] }> {
  const store = new MemoryStore();
  template.versions.forEach((v, i) => void store.putVersion(v, template.artifacts[i]!));
  const registry = await ModelRegistry.open(store, { now: () => new Date(Date.UTC(2026, 0, 1)) });
  let t = 20;
  for (const op of ops) {
    const ctx = { reason: op.kind, simTime: (t += 10) };
    if (op.kind === 'move') await registry.moveAlias(op.alias, op.version, ctx);
    else if (op.kind === 'promote') await registry.promote(op.version, ctx);
    else await registry.rollback(op.alias, ctx).catch(() => undefined);
  }
  return { versions: structuredClone([...registry.list()]), moves: structuredClone([...registry.history()]), releases: structuredClone([...registry.releases()]) };
}

function refusal(fn: () => void): HistoryError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(HistoryError);
    return error as HistoryError;
  }
  throw new Error('the history was accepted');
}

const histories = fc.array(opArb, { minLength: 3, maxLength: 14 });

describe('history replay', () => {
  test('every history the registry writes replays unchanged, releases included', async () => {
    await fc.assert(
      fc.asyncProperty(histories, async (ops) => {
        const { versions, moves, releases } = await historyOf(ops);
        expect(checkMoves(structuredClone(moves), versions)).toEqual(moves);
        expect(checkReleases(structuredClone(releases), moves, versions)).toEqual(releases);
      }),
      { seed: 61, numRuns: 80 },
    );
  });

  test('simTime running backwards is refused at the move that runs back', async () => {
    await fc.assert(
      fc.asyncProperty(histories, fc.nat(), fc.integer({ min: 1, max: 1000 }), async (ops, pick, back) => {
        const { versions, moves } = await historyOf(ops);
        fc.pre(moves.length >= 2);
        const i = 1 + (pick % (moves.length - 1));
        moves[i]!.simTime = moves[i - 1]!.simTime - back;
        expect(refusal(() => checkMoves(moves, versions))).toMatchObject({ fault: 'bad-history', field: `registry.history[${i}].simTime` });
      }),
      { seed: 62, numRuns: 40 },
    );
  });

  test("a move whose previous is not what the alias held is refused", async () => {
    await fc.assert(
      fc.asyncProperty(histories, fc.nat(), fc.constantFrom('v1', 'v2', 'v3', null), async (ops, pick, other) => {
        const { versions, moves } = await historyOf(ops);
        const i = pick % moves.length;
        fc.pre(moves.length > 0 && moves[i]!.previous !== other);
        moves[i]!.previous = other;
        expect(refusal(() => checkMoves(moves, versions))).toMatchObject({ fault: 'bad-history', field: `registry.history[${i}].previous` });
      }),
      { seed: 63, numRuns: 40 },
    );
  });

  test('a rollback that undoes a move of another alias, or returns to a version the undone move did not come from, is refused', async () => {
    await fc.assert(
      fc.asyncProperty(histories, fc.nat(), fc.boolean(), fc.constantFrom('v1', 'v2', 'v3'), async (ops, pick, otherAlias, version) => {
        const { versions, moves } = await historyOf([...ops, { kind: 'move', alias: 'candidate', version: 'v1' }, { kind: 'move', alias: 'production', version: 'v2' }, { kind: 'move', alias: 'production', version: 'v3' }, { kind: 'rollback', alias: 'production' }]);
        const rollbacks = moves.filter((m) => m.undoes !== undefined);
        const r = rollbacks[pick % rollbacks.length]!;
        if (otherAlias) {
          const other = moves.find((m) => m.seq < r.seq && m.alias !== r.alias);
          fc.pre(other !== undefined);
          r.undoes = other!.seq;
          expect(refusal(() => checkMoves(moves, versions))).toMatchObject({ fault: 'bad-history', field: `registry.history[${r.seq}].undoes` });
        } else {
          fc.pre(r.version !== version);
          r.version = version;
          expect(refusal(() => checkMoves(moves, versions)).field).toMatch(new RegExp(`^registry\\.history\\[${r.seq}\\]\\.(version|previous)$`));
        }
      }),
      { seed: 64, numRuns: 40 },
    );
  });

  test('a version deployed before it was created is refused', async () => {
    await fc.assert(
      fc.asyncProperty(histories, fc.nat(), async (ops, pick) => {
        const { versions, moves } = await historyOf(ops);
        const deployed = moves.filter((m) => m.version !== null);
        fc.pre(deployed.length > 0);
        const m = deployed[pick % deployed.length]!;
        versions.find((v) => v.id === m.version)!.created.simTime = m.simTime + 1;
        const error = refusal(() => checkMoves(moves, versions));
        expect(error.fault).toBe('bad-history');
        expect(error.message).toMatch(/a version exists before it is deployed/);
      }),
      { seed: 65, numRuns: 40 },
    );
  });

  test('release records that contradict the history are refused', async () => {
    await fc.assert(
      fc.asyncProperty(histories, fc.nat(), fc.constantFrom('replaced', 'simTime', 'version', 'wallTime', 'metrics', 'twice'), async (ops, pick, what) => {
        const { versions, moves, releases } = await historyOf([...ops, { kind: 'promote', version: 'v2' }]);
        const j = pick % releases.length;
        const r = releases[j]!;
        if (what === 'replaced') r.replaced = r.replaced === 'v3' ? 'v1' : 'v3';
        if (what === 'simTime') r.simTime += 5;
        if (what === 'version') r.version = r.version === 'v3' ? 'v1' : 'v3';
        if (what === 'wallTime') r.wallTime = '2030-01-01T00:00:00.000Z';
        if (what === 'metrics') r.metrics = { ...r.metrics, accuracy: r.metrics.accuracy / 2 };
        if (what === 'twice') releases.push({ ...structuredClone(releases[releases.length - 1]!), seq: releases.length });
        expect(refusal(() => checkReleases(releases, moves, versions)).fault).toBe('bad-release');
      }),
      { seed: 66, numRuns: 40 },
    );
  });

  test('version sequence numbers are bounded: v9007199254740992 (2^53) is refused, so the next version can always be numbered', () => {
    const ok = [{ id: 'v1', seq: 1 }, { id: 'v2', seq: 2 }];
    expect(() => checkVersionSeqs(ok)).not.toThrow();
    const huge = refusal(() => checkVersionSeqs([...ok, { id: `v${2 ** 53}`, seq: 2 ** 53 }]));
    expect(huge).toMatchObject({ fault: 'bad-history', field: 'registry.versions[2].metadata.seq' });
    expect(refusal(() => checkVersionSeqs([{ id: 'v2', seq: 2 }, { id: 'v1', seq: 1 }])).field).toBe('registry.versions[1].metadata.seq');
  });
});
