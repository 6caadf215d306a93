/**
 * How each class looks on the decision surface and in its legend: a fixed colour (Okabe and Ito's
 * colour-blind-safe set, overridable per class with `--mlops-class-N`) and a marker shape, so classes
 * differ by shape as well as by colour. One shape definition (an SVG path in a unit box) serves both
 * the canvas (via `Path2D`) and the legend (an inline SVG).
 */

/** Class colours by index (cycled past the end). */
export const CLASS_COLOURS: readonly string[] = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#d55e00', '#56b4e9', '#8c6d1f', '#555555'];

/** Marker shapes by class index: SVG path data centred on (0, 0), about 1 unit in radius. */
export const CLASS_SHAPES: readonly { name: string; path: string }[] = [
  { name: 'circle', path: 'M1,0A1,1 0 1 1 -1,0A1,1 0 1 1 1,0Z' },
  { name: 'square', path: 'M-0.85,-0.85H0.85V0.85H-0.85Z' },
  { name: 'triangle', path: 'M0,-1.1L1,0.75H-1Z' },
  { name: 'diamond', path: 'M0,-1.15L1.15,0L0,1.15L-1.15,0Z' },
  { name: 'triangle pointing down', path: 'M0,1.1L1,-0.75H-1Z' },
  { name: 'plus', path: 'M-0.35,-1H0.35V-0.35H1V0.35H0.35V1H-0.35V0.35H-1V-0.35H-0.35Z' },
  { name: 'hexagon', path: 'M1,0L0.5,0.87L-0.5,0.87L-1,0L-0.5,-0.87L0.5,-0.87Z' },
  { name: 'cross', path: 'M-1,-0.6L-0.6,-1L0,-0.4L0.6,-1L1,-0.6L0.4,0L1,0.6L0.6,1L0,0.4L-0.6,1L-1,0.6L-0.4,0Z' },
];

/** The colour of class `k`: the element's `--mlops-class-k` when set, else the fixed palette's. */
export function classColour(element: Element | null, k: number): string {
  const own = element ? getComputedStyle(element).getPropertyValue(`--mlops-class-${k}`).trim() : '';
  return own || (CLASS_COLOURS[k % CLASS_COLOURS.length] as string);
}

/** The marker shape of class `k`. */
export function classShape(k: number): { name: string; path: string } {
  return CLASS_SHAPES[k % CLASS_SHAPES.length] as { name: string; path: string };
}

/** '#rrggbb' (or 'rgb(r, g, b)') as three channels; grey for anything else. */
export function rgb(colour: string): [number, number, number] {
  const c = colour.trim();
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(c);
  if (hex) return [parseInt(hex[1] as string, 16), parseInt(hex[2] as string, 16), parseInt(hex[3] as string, 16)];
  const fn = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/i.exec(c);
  if (fn) return [Number(fn[1]), Number(fn[2]), Number(fn[3])];
  return [128, 128, 128];
}

/**
 * How strongly a cell is tinted with its class colour, from its confidence among `k` classes: 0.12 at
 * chance (1/k, the boundary itself) rising to 0.72 where the model is certain.
 */
export function tintStrength(confidence: number, k: number): number {
  const chance = 1 / Math.max(2, k);
  const sure = Math.min(1, Math.max(0, (confidence - chance) / (1 - chance)));
  return 0.12 + 0.6 * sure;
}
