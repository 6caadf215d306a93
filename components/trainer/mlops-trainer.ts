/**
 * Registers `<mlops-trainer>` (once, even if this module is loaded twice).
 */
import { MlopsTrainer } from './trainer.component';

export { MlopsTrainer };
export type { TrainerState } from './trainer.component';

if (!customElements.get('mlops-trainer')) customElements.define('mlops-trainer', MlopsTrainer);

declare global {
  interface HTMLElementTagNameMap {
    'mlops-trainer': MlopsTrainer;
  }
}
