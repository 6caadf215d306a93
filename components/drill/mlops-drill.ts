/**
 * Registers `<mlops-drill>` (once, even if this module is loaded twice).
 */
import { MlopsDrill } from './drill.component';

export { MlopsDrill };
export type { DrillState } from './drill.component';
export { DRILL_CHOICES, STATION_CHOICES, evidenceRows, drillChoice, type DrillChoice, type StationChoice, type EvidenceRow } from './drill-text';

if (!customElements.get('mlops-drill')) customElements.define('mlops-drill', MlopsDrill);

declare global {
  interface HTMLElementTagNameMap {
    'mlops-drill': MlopsDrill;
  }
}
