/**
 * The registry view's release records, rendered: one `<details>` per promotion to production (why,
 * the data, metrics, gate, approver, when), RELEASES_PER_PAGE a page, newest first, and the pager.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ReleaseRow } from './release-text';

/** Release records listed per page (the Lab reports its last 20). */
export const RELEASES_PER_PAGE = 5;

/** The release records section for `all` (newest first) at page `releasePage` (clamped); `showPage` turns the page. */
export function renderReleases(all: readonly ReleaseRow[], releasePage: number, showPage: (page: number) => void): TemplateResult {
  const pages = Math.max(1, Math.ceil(all.length / RELEASES_PER_PAGE));
  const page = Math.min(releasePage, pages - 1);
  const first = page * RELEASES_PER_PAGE;
  const releases = all.slice(first, first + RELEASES_PER_PAGE);
  return html`<section>
      <h3 id="releases-title">Release records</h3>
      <p class="muted">One per promotion to production, newest first: open one to read why it went live, what it learned from, how it scored and who approved it.</p>
      ${releases.length === 0
        ? html`<p>No release yet.</p>`
        : html`<ol part="releases" class="releases" aria-labelledby="releases-title">
            ${releases.map(
              (r) => html`<li data-version=${r.record.version} data-seq=${r.record.seq}>
                <details>
                  <summary>${r.headline}</summary>
                  <dl>
                    <div><dt>Why</dt><dd data-field="why">${r.why}</dd></div>
                    <div><dt>Trained on</dt><dd data-field="data">${r.data}</dd></div>
                    <div><dt>Metrics</dt><dd data-field="metrics">${r.metrics}</dd></div>
                    <div><dt>Gate</dt><dd data-field="gate" data-passed=${r.record.gate ? String(r.record.gate.passed) : 'none'}>${r.gate}</dd></div>
                    <div><dt>Approved by</dt><dd data-field="approver">${r.approver}</dd></div>
                    <div><dt>When</dt><dd data-field="when">${r.when}</dd></div>
                  </dl>
                </details>
              </li>`,
            )}
          </ol>`}
      ${pages > 1
        ? html`<p class="pager" part="release-pager">
            <button type="button" ?disabled=${page === 0} @click=${() => showPage(page - 1)}>Newer</button>
            <span>Releases ${first + 1}–${Math.min(all.length, first + RELEASES_PER_PAGE)} of ${all.length}</span>
            <button type="button" ?disabled=${page >= pages - 1} @click=${() => showPage(page + 1)}>Older</button>
          </p>`
        : nothing}
    </section>`;
}
