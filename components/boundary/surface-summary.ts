/**
 * Reads a decision surface for the text summary: the share of the plotted area each model gives to
 * class 1, and how many labelled traffic points lie on the side of the boundary their label belongs
 * to. A lookup in the engine's grid (the cell under each point), not a prediction.
 */
import type { DecisionSurface, SurfaceField } from '../../src/loop/observers/surface';

/** The grid value of the cell under (x, y), or null outside the plotted area. */
export function cellValue(surface: DecisionSurface, field: SurfaceField, x: number, y: number): number | null {
  const n = surface.size;
  const i = Math.floor(((x - surface.x.min) / (surface.x.max - surface.x.min)) * n);
  const j = Math.floor(((y - surface.y.min) / (surface.y.max - surface.y.min)) * n);
  if (i < 0 || j < 0 || i >= n || j >= n) return null;
  return field.probabilities[j * n + i] ?? null;
}

/** What one model's field says about the recent traffic. */
export interface FieldReading {
  version: string;
  /** Share of grid cells where class 1 is more likely (probability above 0.5). */
  classOneArea: number;
  /** Labelled points, and how many lie on their label's side of the boundary. */
  labelled: number;
  agreeing: number;
}

/** Reads one field against the surface's points. */
export function readField(surface: DecisionSurface, field: SurfaceField): FieldReading {
  const p = field.probabilities;
  const classOneArea = p.length ? p.filter((v) => v > 0.5).length / p.length : 0;
  let labelled = 0;
  let agreeing = 0;
  for (const q of surface.points) {
    if (q.label === null) continue;
    const v = cellValue(surface, field, q.x, q.y);
    if (v === null) continue;
    labelled++;
    if ((v > 0.5 ? 1 : 0) === q.label) agreeing++;
  }
  return { version: field.version, classOneArea, labelled, agreeing };
}

function pct(v: number): string {
  return `${Math.round(v * 100)}%`;
}

/** The surface in plain sentences, for screen readers and for anyone who wants the numbers. */
export function summarize(surface: DecisionSurface): string {
  const [fx, fy] = surface.features;
  const cls = surface.classes[1] ?? 'class 1';
  const waiting = surface.points.filter((q) => q.label === null).length;
  const parts = [`Plotted: ${fx} across, ${fy} up; ${surface.points.length} recent requests (${waiting} still waiting for their label).`];
  for (const [role, field] of [
    ['Production', surface.production],
    ['Candidate', surface.candidate],
  ] as const) {
    if (!field) continue;
    const r = readField(surface, field);
    const fit = r.labelled ? ` ${r.agreeing} of ${r.labelled} labelled requests (${pct(r.agreeing / r.labelled)}) lie on their label's side of its boundary.` : '';
    parts.push(`${role} ${r.version} predicts "${cls}" on ${pct(r.classOneArea)} of the area.${fit}`);
  }
  if (!surface.production) parts.push('No model is deployed yet.');
  return parts.join(' ');
}
