/**
 * The line a view shows about its own Lab when there is something to know: it runs with default
 * settings because the ones it was given (attributes, a shared link) could not be used, or it runs
 * in the page rather than in a Web Worker. The Lab works, so this is a notice beside the status, not
 * a failure.
 */
import { html, nothing, type TemplateResult } from 'lit';

/** `<p part="notice">` with the notice in plain words, or nothing when there is none. */
export function renderLabNotice(notice: string | null): TemplateResult | typeof nothing {
  return notice ? html`<p part="notice" class="notice" role="note">${notice}</p>` : nothing;
}
