/**
 * Registers `<mlops-dataset>` (once, even if this module is loaded twice).
 */
import { MlopsDataset } from './dataset.component';

export { MlopsDataset };
export { scenarioInfo, truthRows, truthSummary, kindText, type ScenarioInfo, type FeatureRow, type TruthRow, type ChangePhase } from './dataset-view';

if (!customElements.get('mlops-dataset')) customElements.define('mlops-dataset', MlopsDataset);

declare global {
  interface HTMLElementTagNameMap {
    'mlops-dataset': MlopsDataset;
  }
}
