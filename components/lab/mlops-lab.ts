/**
 * Registers `<mlops-lab>` (once, even if this module is loaded twice), and the loop diagram it lays out.
 */
import '../loop/mlops-loop';
import { MlopsLab } from './lab.component';

export { MlopsLab };
export { GUIDED_RUN_CONFIG, GUIDE_SPEEDS, STEP_SECONDS, type GuidePhase } from './lab.component';
export { GuideTracker, RECOVERY_TOLERANCE, type GuideStep, type GuideStepId, type GuideMarker, type GuideOutcome } from './guide';

if (!customElements.get('mlops-lab')) customElements.define('mlops-lab', MlopsLab);

declare global {
  interface HTMLElementTagNameMap {
    'mlops-lab': MlopsLab;
  }
}
