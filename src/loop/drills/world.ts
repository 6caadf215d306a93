/**
 * The world a drill runs in: the moons stream, and for the drills whose story needs the world to move
 * (a stale training store, muted alerting), a real concept drift shortly after the fault — the
 * boundary between the moons turns, the points stay where they were. After, not at: the fault lands
 * between two micro-batches (a few requests past `DRILL_BEFORE`), and the change must come after it
 * so that "the store's newest row is from before the change" is true to the request. That change is learnable: a
 * retrain on rows labelled after it recovers (tests/unit/loop/drill-truth.test.ts checks it at the gate).
 * The other drills run the unchanged stream, so their fault is the only thing that happens.
 */
import type { Scenario } from '../../../datasets/scenarios/types';
import type { IncidentKind } from './incidents';

/** Requests before the fault, and after it. */
export const DRILL_BEFORE = 1500;
export const DRILL_AFTER = 1200;
/** The request at which the world changes in the drills that change it (after the fault). */
export const DRILL_WORLD_AT = DRILL_BEFORE + 100;
/** Degrees the boundary turns in the drills that change the world. */
export const DRILL_TURN_DEGREES = 90;

/** The drills whose world changes at the fault (the fault decides whether the loop can follow). */
export const WORLD_CHANGES: ReadonlySet<IncidentKind> = new Set<IncidentKind>(['stale-training-data', 'silent-accuracy-drop']);

/** The change in words, or null when the world stays as it was. */
export function worldChange(kind: IncidentKind): string | null {
  return WORLD_CHANGES.has(kind) ? `at request ${DRILL_WORLD_AT} the boundary between the moons turned by ${DRILL_TURN_DEGREES} degrees (the points stayed where they were)` : null;
}

/** The scenario of a drill: stable moons, with the boundary turning after the fault when the drill's story needs it. */
export function drillScenario(kind: IncidentKind, length: number): Scenario {
  const turns = WORLD_CHANGES.has(kind);
  return {
    name: turns ? 'drill-turned-boundary' : 'drill-stable',
    description: turns ? 'Stable moons until just after the fault; then the boundary turns while the points stay.' : 'Stable moons: nothing changes but the fault.',
    dataset: { id: 'moons' },
    length,
    changes: turns ? [{ id: 'turn', shape: 'sudden', at: DRILL_WORLD_AT, effect: { type: 'rotate-boundary', degrees: DRILL_TURN_DEGREES }, description: `The boundary turns by ${DRILL_TURN_DEGREES} degrees.` }] : [],
  };
}
