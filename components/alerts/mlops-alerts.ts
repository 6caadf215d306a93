/**
 * Registers `<mlops-alerts>` (once, even if this module is loaded twice).
 */
import { MlopsAlerts } from './alerts.component';

export { MlopsAlerts };
export type { ActiveAlert, AlertEntry, AlertRate } from './alert-log';

if (!customElements.get('mlops-alerts')) customElements.define('mlops-alerts', MlopsAlerts);

declare global {
  interface HTMLElementTagNameMap {
    'mlops-alerts': MlopsAlerts;
  }
}
