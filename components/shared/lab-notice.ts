/**
 * The line a view shows when its own Lab runs with default settings because the ones it was given
 * (attributes, a shared link) could not be used: the Lab works, so this is a notice beside the
 * status, not a failure.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { LabError } from '../../src/errors';

/** `<p part="notice">` with the problem in plain words, or nothing when there is none. */
export function renderLabNotice(notice: LabError | null): TemplateResult | typeof nothing {
  return notice ? html`<p part="notice" class="notice" role="note">${notice.message}</p>` : nothing;
}
