/**
 * Registers `<mlops-endpoint>` (once, even if this module is loaded twice).
 */
import { MlopsEndpoint } from './endpoint.component';

export { MlopsEndpoint };
export type { EndpointViewState, Exchange } from './endpoint.component';
export { EXAMPLES, exampleRequest, explainResponse, formatJson, parseRequestText, type ExampleKind } from './request-text';

if (!customElements.get('mlops-endpoint')) customElements.define('mlops-endpoint', MlopsEndpoint);

declare global {
  interface HTMLElementTagNameMap {
    'mlops-endpoint': MlopsEndpoint;
  }
}
