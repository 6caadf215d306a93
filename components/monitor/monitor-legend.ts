/**
 * The monitor chart's legend entries: one per version drawn (every one, the folded "earlier versions"
 * line included, naming the versions it holds), in its colour, then one per kind of line (realized solid with round points,
 * estimated dashed with diamond points) in the text colour. Pure: no Chart.js instance.
 */
import type { MonitorLine } from './monitor-history';

/** One legend entry; `version` or `kind` says what clicking it hides. */
export interface LegendEntry {
  text: string;
  colour: string;
  dash: number[];
  point: 'circle' | 'rectRot' | 'line';
  version?: string;
  kind?: MonitorLine['kind'];
}

/** The entries for `lines`, colouring each version with `colourOf`. */
export function legendEntries(lines: readonly MonitorLine[], colourOf: (version: string) => string, text: string): LegendEntry[] {
  const versions = [...new Set(lines.map((l) => l.version))];
  const kinds = [...new Set(lines.map((l) => l.kind))];
  const folded = (version: string) => lines.find((l) => l.version === version && l.folded)?.folded;
  return [
    ...versions.map((version) => {
      const names = folded(version);
      return { text: names ? `${version} (${names.join(', ')})` : version, colour: colourOf(version), dash: [], point: 'line' as const, version };
    }),
    ...kinds.map((kind) =>
      kind === 'realized'
        ? { text: 'realized accuracy (solid, round points)', colour: text, dash: [], point: 'circle' as const, kind }
        : { text: 'estimated accuracy (dashed, diamond points)', colour: text, dash: [6, 4], point: 'rectRot' as const, kind },
    ),
  ];
}
