/**
 * Questions asked of the append-only deployment history: what an alias points at now, what was live
 * at simulated time t, and where a rollback goes.
 */
import type { Alias, AliasMove } from './types';

/** The version an alias points at after all `moves` (null if never set or cleared). */
export function currentOf(moves: readonly AliasMove[], alias: Alias): string | null {
  for (let i = moves.length - 1; i >= 0; i--) if (moves[i]!.alias === alias) return moves[i]!.version;
  return null;
}

/**
 * The version `alias` pointed at at simulated time `t`: the last move of that alias with
 * `simTime <= t` (moves at the same time are ordered by their position in the history).
 */
export function liveAt(moves: readonly AliasMove[], alias: Alias, t: number): string | null {
  let live: string | null = null;
  for (const move of moves) if (move.alias === alias && move.simTime <= t) live = move.version;
  return live;
}

/**
 * Where a rollback of `alias` goes, and which move it undoes. A rollback returns to the version the
 * alias held before the move that set its current state; rolling back a rollback goes one step
 * further back (v1 -> v2 -> v3, rollback: v2, rollback: v1), never forward again.
 * Returns null when there is no earlier version to return to.
 */
export function rollbackTarget(moves: readonly AliasMove[], alias: Alias): { version: string; undoes: number } | null {
  const own = moves.filter((m) => m.alias === alias);
  let index = own.length - 1;
  // A rollback move stands for the state of the move before the one it undid.
  while (index >= 0 && own[index]!.undoes !== undefined) {
    const undone = own.findIndex((m) => m.seq === own[index]!.undoes);
    index = undone - 1;
  }
  if (index < 0) return null;
  const effective = own[index]!;
  if (effective.previous === null) return null;
  return { version: effective.previous, undoes: effective.seq };
}
