/**
 * Registers `<mlops-traffic>` (once, even if this module is loaded twice).
 */
import { MlopsTraffic } from './traffic.component';

export { MlopsTraffic };
export type { TrafficState } from './traffic.component';
export { counterRows, routingFromForm, routingText, blockedReason, rolloutText, ROUTING_MODES, TRAFFIC_SPEEDS, TRAFFIC_STEP_SECONDS, DEFAULT_FORM, type RoutingForm, type CounterRow } from './traffic-text';

if (!customElements.get('mlops-traffic')) customElements.define('mlops-traffic', MlopsTraffic);

declare global {
  interface HTMLElementTagNameMap {
    'mlops-traffic': MlopsTraffic;
  }
}
