/**
 * Registers `<mlops-monitor>` (once, even if this module is loaded twice).
 */
import { MlopsMonitor } from './monitor.component';

export { MlopsMonitor };
export type { MonitorData, MonitorLine } from './monitor-history';
export type { MonitorMarker, MarkerKind } from './monitor-markers';
export type { MonitorSummary } from './monitor-summary';
export type { TruthBand } from './truth-bands';

if (!customElements.get('mlops-monitor')) customElements.define('mlops-monitor', MlopsMonitor);

declare global {
  interface HTMLElementTagNameMap {
    'mlops-monitor': MlopsMonitor;
  }
}
