/**
 * Registers `<mlops-loop>` (once, even if this module is loaded twice).
 */
import { MlopsLoop } from './loop.component';

export { MlopsLoop };
export type { StationMarks } from './loop.component';

if (!customElements.get('mlops-loop')) customElements.define('mlops-loop', MlopsLoop);

declare global {
  interface HTMLElementTagNameMap {
    'mlops-loop': MlopsLoop;
  }
}
