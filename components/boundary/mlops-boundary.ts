/**
 * Registers `<mlops-boundary>` (once, even if this module is loaded twice).
 */
import { MlopsBoundary } from './boundary.component';

export { MlopsBoundary };
export type { BoundaryState } from './boundary.component';
export { summarize, readField, cellValue, cellClass, type FieldReading } from './surface-summary';
export { CLASS_COLOURS, CLASS_SHAPES } from './class-style';

if (!customElements.get('mlops-boundary')) customElements.define('mlops-boundary', MlopsBoundary);

declare global {
  interface HTMLElementTagNameMap {
    'mlops-boundary': MlopsBoundary;
  }
}
