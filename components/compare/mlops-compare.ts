/**
 * Registers `<mlops-compare>` (once, even if this module is loaded twice).
 */
import { MlopsCompare } from './compare.component';

export { MlopsCompare, DEFAULT_COMPARE_POLICIES, type CompareState } from './compare.component';
export { MlopsCompareDoneEvent, MlopsQuestionGradedEvent, type CompareDoneDetail } from './compare-events';

if (!customElements.get('mlops-compare')) customElements.define('mlops-compare', MlopsCompare);

declare global {
  interface HTMLElementTagNameMap {
    'mlops-compare': MlopsCompare;
  }
}
