/**
 * Registers `<mlops-drift>` (once, even if this module is loaded twice).
 */
import { MlopsDrift } from './drift.component';

export { MlopsDrift };
export type { DriftTimeline, ScoreLine } from './drift-history';

if (!customElements.get('mlops-drift')) customElements.define('mlops-drift', MlopsDrift);

declare global {
  interface HTMLElementTagNameMap {
    'mlops-drift': MlopsDrift;
  }
}
