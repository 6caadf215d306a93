/**
 * Annotations in fixed slots. chartjs-plugin-annotation (3.1) keeps one element per position of the
 * annotation list and makes a new element when the type at a position changes; each new element's
 * context holds a copy of the element list of that moment, so every replaced element stays reachable
 * from the newer ones, and a chart whose markers shift (a long run) grows its heap without bound.
 * Giving every type a fixed number of slots, in a fixed order, with hidden fillers for the unused
 * ones, keeps every position's type the same for the chart's life: elements are reused, never replaced.
 *
 * The plugin resolves every slot on every chart update, hidden or not, so `AnnotationSlotLayout` grows
 * the slots in small blocks as a chart needs them (a block is appended at the end of the list, so no
 * position ever changes type) and says when the annotations did not change, so the options are left alone.
 * Fillers name no axis value (no xValue, yValue, xMin, ...), so the plugin looks up no scale for them:
 * a chart without a 'y' axis (the drift timeline's score axes) gets no "No scale found" warning.
 */
import type { AnnotationOptions } from 'chartjs-plugin-annotation';

/** Slots per annotation type (the most recent of each type are kept when there are more). */
export const ANNOTATION_SLOTS = { box: 16, point: 48, line: 48 } as const;

type SlotType = keyof typeof ANNOTATION_SLOTS;

const SLOT_TYPES = ['box', 'point', 'line'] as const;

/** A hidden filler of `type`: a fresh object each time (the plugin writes the slot's id into it). */
function hidden(type: SlotType): AnnotationOptions {
  if (type === 'point') return { type: 'point', display: false, backgroundColor: 'transparent', adjustScaleRange: false };
  return { type, display: false, adjustScaleRange: false };
}

function byType(annotations: Record<string, AnnotationOptions>): Record<SlotType, AnnotationOptions[]> {
  const out: Record<SlotType, AnnotationOptions[]> = { box: [], point: [], line: [] };
  for (const a of Object.values(annotations)) if (a.type === 'box' || a.type === 'point' || a.type === 'line') out[a.type].push(a);
  return out;
}

/**
 * `annotations` (in drawing order) laid out in ANNOTATION_SLOTS: boxes first (drawn under the lines),
 * then points, then lines, each type keeping its last `slots[type]` entries; other types are left out.
 */
export function slotAnnotations(annotations: Record<string, AnnotationOptions>, slots: Record<SlotType, number> = ANNOTATION_SLOTS): Record<string, AnnotationOptions> {
  const types = byType(annotations);
  const out: Record<string, AnnotationOptions> = {};
  for (const type of SLOT_TYPES) {
    const kept = types[type].slice(-slots[type]);
    for (let i = 0; i < slots[type]; i++) out[`${type}-${i}`] = kept[i] ?? hidden(type);
  }
  return out;
}

/**
 * The slots of one chart for its life: grown in blocks of `block` per type as the annotations need them,
 * never shrunk, never reordered (each position keeps its type), at most `max[type]` per type.
 */
export class AnnotationSlotLayout {
  /** The type of each position, in list order. */
  private readonly order: SlotType[] = [];
  private readonly count: Record<SlotType, number> = { box: 0, point: 0, line: 0 };
  private lastKey: string | null = null;

  constructor(
    private readonly block = 8,
    private readonly max: Record<SlotType, number> = ANNOTATION_SLOTS,
  ) {
    if (!Number.isInteger(block) || block < 1) throw new RangeError(`AnnotationSlotLayout: block must be a positive integer, got ${block}`);
  }

  /** Slots per type now. */
  get slots(): Readonly<Record<SlotType, number>> {
    return this.count;
  }

  /**
   * The slotted annotations of `annotations`, or null when they equal the last call's (same options,
   * compared by their JSON), so the caller can leave the chart's annotation options as they are.
   */
  layout(annotations: Record<string, AnnotationOptions>): Record<string, AnnotationOptions> | null {
    const key = JSON.stringify(annotations);
    if (key === this.lastKey) return null;
    this.lastKey = key;
    const types = byType(annotations);
    for (const type of SLOT_TYPES) {
      const need = Math.min(types[type].length, this.max[type]);
      while (this.count[type] < need) {
        const add = Math.min(this.block, this.max[type] - this.count[type]);
        for (let i = 0; i < add; i++) this.order.push(type);
        this.count[type] += add;
      }
    }
    const kept: Record<SlotType, AnnotationOptions[]> = { box: types.box.slice(-this.count.box), point: types.point.slice(-this.count.point), line: types.line.slice(-this.count.line) };
    const next: Record<SlotType, number> = { box: 0, point: 0, line: 0 };
    const out: Record<string, AnnotationOptions> = {};
    for (const type of this.order) {
      const i = next[type]++;
      out[`${type}-${i}`] = kept[type][i] ?? hidden(type);
    }
    return out;
  }

  /** Forgets the last annotations (the next `layout` returns the slots even if unchanged). */
  invalidate(): void {
    this.lastKey = null;
  }
}
