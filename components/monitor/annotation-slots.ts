/**
 * Annotations in fixed slots. chartjs-plugin-annotation (3.1) keeps one element per position of the
 * annotation list and makes a new element when the type at a position changes; each new element's
 * context holds a copy of the element list of that moment, so every replaced element stays reachable
 * from the newer ones, and a chart whose markers shift (a long run) grows its heap without bound.
 * Giving every type a fixed number of slots, in a fixed order, with hidden fillers for the unused
 * ones, keeps every position's type the same for the chart's life: elements are reused, never replaced.
 */
import type { AnnotationOptions } from 'chartjs-plugin-annotation';

/** Slots per annotation type (the most recent of each type are kept when there are more). */
export const ANNOTATION_SLOTS = { box: 16, point: 48, line: 48 } as const;

type SlotType = keyof typeof ANNOTATION_SLOTS;

const HIDDEN: Record<SlotType, AnnotationOptions> = {
  box: { type: 'box', display: false, xMin: 0, xMax: 0, adjustScaleRange: false },
  point: { type: 'point', display: false, xValue: 0, yValue: 0, backgroundColor: 'transparent', adjustScaleRange: false },
  line: { type: 'line', display: false, xMin: 0, xMax: 0, adjustScaleRange: false },
};

/**
 * `annotations` (in drawing order) laid out in ANNOTATION_SLOTS: boxes first (drawn under the lines),
 * then points, then lines, each type keeping its last `slots[type]` entries; other types are left out.
 */
export function slotAnnotations(annotations: Record<string, AnnotationOptions>, slots: Record<SlotType, number> = ANNOTATION_SLOTS): Record<string, AnnotationOptions> {
  const byType: Record<SlotType, AnnotationOptions[]> = { box: [], point: [], line: [] };
  for (const a of Object.values(annotations)) if (a.type === 'box' || a.type === 'point' || a.type === 'line') byType[a.type].push(a);
  const out: Record<string, AnnotationOptions> = {};
  for (const type of ['box', 'point', 'line'] as const) {
    const kept = byType[type].slice(-slots[type]);
    for (let i = 0; i < slots[type]; i++) out[`${type}-${i}`] = kept[i] ?? HIDDEN[type];
  }
  return out;
}
