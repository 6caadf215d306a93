/**
 * Reads a decision surface for the text summary: the share of the plotted area each model gives to
 * each class, and how many labelled traffic points lie in the region of the class their label names.
 * A lookup in the engine's grid (the cell under each point), not a prediction.
 */
import type { DecisionSurface, SurfaceField } from '../../src/loop/observers/surface';

/** The index of the cell under (x, y), or null outside the plotted area. */
export function cellIndex(surface: DecisionSurface, x: number, y: number): number | null {
  const n = surface.size;
  const i = Math.floor(((x - surface.x.min) / (surface.x.max - surface.x.min)) * n);
  const j = Math.floor(((y - surface.y.min) / (surface.y.max - surface.y.min)) * n);
  if (!(i >= 0 && j >= 0 && i < n && j < n)) return null;
  return j * n + i;
}

/** P(class 1) in the cell under (x, y), or null outside the plotted area (the binary reading; see `cellClass`). */
export function cellValue(surface: DecisionSurface, field: SurfaceField, x: number, y: number): number | null {
  const k = cellIndex(surface, x, y);
  return k === null ? null : (field.probabilities[k] ?? null);
}

/** The class the field predicts in the cell under (x, y), or null outside the plotted area. */
export function cellClass(surface: DecisionSurface, field: SurfaceField, x: number, y: number): number | null {
  const k = cellIndex(surface, x, y);
  return k === null ? null : (field.predicted[k] ?? null);
}

/** What one model's field says about the recent traffic. */
export interface FieldReading {
  version: string;
  /** Per class (in the surface's class order): the share of grid cells where it is the predicted class. */
  areas: number[];
  /** Labelled points inside the plotted area, and how many lie in their label's region. */
  labelled: number;
  agreeing: number;
}

/** Reads one field against the surface's points. */
export function readField(surface: DecisionSurface, field: SurfaceField): FieldReading {
  const cells = field.predicted;
  const areas = surface.classes.map(() => 0);
  for (const c of cells) if (c >= 0 && c < areas.length) areas[c] = (areas[c] as number) + 1;
  if (cells.length) for (let c = 0; c < areas.length; c++) areas[c] = (areas[c] as number) / cells.length;
  let labelled = 0;
  let agreeing = 0;
  for (const q of surface.points) {
    if (q.label === null) continue;
    const c = cellClass(surface, field, q.x, q.y);
    if (c === null) continue;
    labelled++;
    if (c === q.label) agreeing++;
  }
  return { version: field.version, areas, labelled, agreeing };
}

function pct(v: number): string {
  return `${Math.round(v * 100)}%`;
}

/** "a", "b" and "c" — a list in words. */
function listing(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1) as string}`;
}

/** The surface in plain sentences, for screen readers and for anyone who wants the numbers. */
export function summarize(surface: DecisionSurface): string {
  const [fx, fy] = surface.features;
  const waiting = surface.points.filter((q) => q.label === null).length;
  const parts = [`Plotted: ${fx} across, ${fy} up; ${surface.points.length} recent requests (${waiting} still waiting for their label).`];
  for (const [role, field] of [
    ['Production', surface.production],
    ['Candidate', surface.candidate],
  ] as const) {
    if (!field) continue;
    const r = readField(surface, field);
    const shares = listing(surface.classes.map((name, c) => `"${name}" on ${pct(r.areas[c] ?? 0)}`));
    const fit = r.labelled ? ` ${r.agreeing} of ${r.labelled} labelled requests (${pct(r.agreeing / r.labelled)}) lie in the region of their label's class.` : '';
    parts.push(`${role} ${r.version} predicts ${shares} of the area.${fit}`);
  }
  if (!surface.production) parts.push('No model is deployed yet.');
  return parts.join(' ');
}
