/**
 * Registers `<mlops-registry>` (once, even if this module is loaded twice).
 */
import { MlopsRegistry } from './registry.component';

export { MlopsRegistry };
export type { RegistryState } from './registry.component';
export type { VersionRow, AliasMoveRow, VersionDetails } from './registry-rows';

if (!customElements.get('mlops-registry')) customElements.define('mlops-registry', MlopsRegistry);

declare global {
  interface HTMLElementTagNameMap {
    'mlops-registry': MlopsRegistry;
  }
}
