/**
 * The registry view's versions table, rendered: one row per version (aliases, lineage, who made it,
 * the gate's verdict, its own held-out accuracy, what it trained on, Export and Promote), a page of
 * VERSIONS_PER_PAGE at a time with the production version always in view, and the pager.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { formatDuration } from '../alerts/alert-log';
import { landmarkName } from '../shared/landmark-name';
import { gateCellText, madeByText, trainingWindowText, type VersionRow } from './registry-rows';

/** Rows of the versions table per page (a long run makes many versions; the DOM stays this size). */
export const VERSIONS_PER_PAGE = 10;

function pct(v: number): string {
  return `${Math.round(v * 1000) / 10}%`;
}

/** What the versions table shows besides its rows. */
export interface VersionsView {
  /** The page asked for (0: the newest; clamped to the pages there are). */
  page: number;
  /** A command is running (the row buttons are disabled). */
  busy: boolean;
}

/** What the versions table's buttons ask of the view. */
export interface VersionsActions {
  showPage(page: number): void;
  exportVersion(version: string): void;
  promote(version: string): void;
}

/** The versions section for `rows` (newest first); `host` names its scrolling region uniquely. */
export function renderVersions(host: Element, rows: readonly VersionRow[], production: string | null, view: VersionsView, actions: VersionsActions): TemplateResult {
  const pages = Math.max(1, Math.ceil(rows.length / VERSIONS_PER_PAGE));
  const page = Math.min(view.page, pages - 1);
  const first = page * VERSIONS_PER_PAGE;
  const shown = rows.slice(first, first + VERSIONS_PER_PAGE);
  // The live version stays in view whatever the page.
  const live = production !== null && !shown.some((r) => r.id === production) ? rows.find((r) => r.id === production) : undefined;
  const pinned = live !== undefined;
  if (live) shown.push(live);
  return html`<section>
      <h3 id="versions-title">Versions</h3>
      <div class="scroll" tabindex="0" role="region" aria-label=${landmarkName(host, 'Versions')}>
        <table part="versions">
          <caption class="muted">
            Newest first${pages > 1 ? `, ${VERSIONS_PER_PAGE} a page` : ''}. The gate column is the fair comparison: each candidate against the production of
            its day on the same recent labelled rows neither had trained on. Held-out accuracy is each version's own score on the newest rows of its own
            window: the rows differ from version to version (and the world may have moved), so that column does not rank versions.
          </caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Aliases</th>
              <th scope="col">Lineage</th>
              <th scope="col">Made by</th>
              <th scope="col">Gate (vs production, same rows)</th>
              <th scope="col" class="num">Own held-out accuracy</th>
              <th scope="col">Trained on</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            ${rows.length === 0
              ? html`<tr>
                  <td colspan="8">No version yet.</td>
                </tr>`
              : shown.map((r) => renderVersionRow(r, production, view.busy, actions))}
          </tbody>
        </table>
      </div>
      ${pages > 1
        ? html`<p class="pager" part="pager">
            <button type="button" ?disabled=${page === 0} @click=${() => actions.showPage(page - 1)}>Newer</button>
            <span>Versions ${first + 1}–${Math.min(rows.length, first + VERSIONS_PER_PAGE)} of ${rows.length}${pinned ? `, and ${production} (in production)` : ''}</span>
            <button type="button" ?disabled=${page >= pages - 1} @click=${() => actions.showPage(page + 1)}>Older</button>
          </p>`
        : nothing}
    </section>`;
}

/** One row of the versions table. */
function renderVersionRow(r: VersionRow, production: string | null, busy: boolean, actions: VersionsActions): TemplateResult {
  const d = r.details;
  const trained = d?.window ? trainingWindowText(d.window) : d ? d.dataset : '—';
  const gate = gateCellText(r);
  return html`<tr data-version=${r.id} ?data-production=${r.id === production} data-gate=${gate.status}>
      <th scope="row">${r.id}</th>
      <td>${r.aliases.length ? r.aliases.map((a) => html`<span class="tag" data-alias=${a}>${a}</span>`) : html`<span class="muted">none</span>`}</td>
      <td>${r.parent ? `from ${r.lineage.length ? r.lineage.join(' ← ') : r.parent}` : 'first version'}</td>
      <td>${madeByText(r)}${d ? html`<br /><span class="muted">at ${formatDuration(d.t)}</span>` : nothing}</td>
      <td part="gate-cell">${gate.status === 'rejected' ? html`<span class="tag" data-status="rejected">rejected</span> ` : nothing}${gate.text}</td>
      <td class="num">${pct(r.accuracy)}${d ? html`<br /><span class="muted">${d.evaluationRows} rows, loss ${d.loss.toFixed(3)}</span>` : nothing}</td>
      <td>${trained}${r.backend ? html`<br /><span class="muted">${r.backend}</span>` : nothing}</td>
      <td class="actions">
        <button part="export-button" class="export" type="button" data-version=${r.id} ?disabled=${busy} aria-label="Export ${r.id} as a TF.js model file" @click=${() => actions.exportVersion(r.id)}>Export</button>
        ${r.id === production
          ? html`<span class="muted">live</span>`
          : html`<button part="promote-button" class="promote" data-version=${r.id} ?disabled=${busy} aria-label="Promote ${r.id} to production" @click=${() => actions.promote(r.id)}>
              Promote
            </button>`}
      </td>
    </tr>`;
}
