/**
 * The lab page's "Settings, link and session" panel: the settings form, "Copy link" (with a visible
 * fallback field when the clipboard is refused), the problems of the link the page was opened with,
 * session export / import, "Reset lab" (behind a confirmation dialog), the traffic-log exports and
 * the chart PNGs, and the storage notice when the session is kept in memory only. Render functions
 * only: `<mlops-lab>` owns the state and the handlers.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { DecodedState, ShareState, StateProblem } from '../../src/loop/persistence/share-state';
import { renderSettingsForm } from './settings-form';

/** What the panel shows. */
export interface SessionPanelView {
  state: ShareState;
  /** Settings may not change while a run trains. */
  settingsDisabled: boolean;
  /** Problems of the link (or the form), in plain words. */
  problems: readonly StateProblem[];
  /** Whether the problems are the link's (on load) or the form's (a change). */
  problemSource: 'link' | 'form';
  /** The link to copy by hand when the clipboard was refused (shown selected), else null. */
  fallbackLink: string | null;
  /** A polite status line (copied, exported, imported, restored, refused...). */
  status: string;
  /** Why the session is in memory only, or null while IndexedDB works. */
  storageProblem: string | null;
  /** Whether a Lab run exists to export from. */
  hasRun: boolean;
}

/** What the panel's controls do. */
export interface SessionPanelActions {
  onSettings: (decoded: DecodedState) => void;
  onCopyLink: () => void;
  onExportSession: () => void;
  onImportSession: (file: File) => void;
  onAskReset: () => void;
  onConfirmReset: () => void;
  onExportLog: (format: 'csv' | 'jsonl') => void;
  onChartsPng: () => void;
}

/** The panel. */
export function renderSessionPanel(view: SessionPanelView, act: SessionPanelActions): TemplateResult {
  return html`<section class="session" part="session" aria-labelledby="session-title">
    <h2 id="session-title">Settings, link and session</h2>
    ${view.storageProblem
      ? html`<p class="notice" part="storage-notice" role="status" aria-live="polite" data-storage="memory">
          Your session is kept in this page's memory only: ${view.storageProblem}. The lab works as usual, but a reload starts afresh; use
          “Export session” to keep it.
        </p>`
      : nothing}
    ${view.problems.length
      ? html`<div class="problems" part="link-problems" role="alert">
          <p>${view.problemSource === 'link' ? 'Some settings of this link could not be used; the lab uses the defaults for them:' : 'These settings could not be used:'}</p>
          <ul>
            ${view.problems.map((p) => html`<li data-key=${p.key}>${p.message}.</li>`)}
          </ul>
        </div>`
      : nothing}
    ${renderSettingsForm(view.state, { disabled: view.settingsDisabled, onChange: act.onSettings })}
    <div class="session-actions" part="session-actions">
      <button type="button" part="copy-link" @click=${act.onCopyLink}>Copy link</button>
      <button type="button" part="export-session" ?disabled=${!view.hasRun} @click=${act.onExportSession}>Export session</button>
      <label class="file-button" part="import-session"
        >Import session
        <input
          type="file"
          accept=".json,application/json"
          @change=${(e: Event) => {
            const input = e.target as HTMLInputElement;
            const file = input.files?.[0];
            input.value = '';
            if (file) act.onImportSession(file);
          }}
      /></label>
      <button type="button" part="export-log-csv" ?disabled=${!view.hasRun} @click=${() => act.onExportLog('csv')}>Traffic log (CSV)</button>
      <button type="button" part="export-log-jsonl" ?disabled=${!view.hasRun} @click=${() => act.onExportLog('jsonl')}>Traffic log (JSON Lines)</button>
      <button type="button" part="charts-png" ?disabled=${!view.hasRun} @click=${act.onChartsPng}>Charts as PNG</button>
      <button type="button" class="danger" part="reset-button" @click=${act.onAskReset}>Reset lab…</button>
    </div>
    ${view.fallbackLink !== null
      ? html`<p class="fallback">
          <label for="share-link">The browser did not let the lab copy; copy this link yourself:</label>
          <input id="share-link" part="share-link" type="text" readonly .value=${view.fallbackLink} @focus=${(e: FocusEvent) => (e.target as HTMLInputElement).select()} />
        </p>`
      : nothing}
    <p class="session-status" part="session-status" role="status" aria-live="polite">${view.status}</p>
    <dialog part="reset-dialog" aria-labelledby="reset-title" aria-describedby="reset-text">
      <form method="dialog">
        <h3 id="reset-title">Reset the lab?</h3>
        <p id="reset-text">This deletes the saved session (every version, the deployment history and the settings) and starts a fresh lab. Export the session first to keep a copy.</p>
        <div class="dialog-actions">
          <button type="submit" value="cancel" part="reset-cancel" autofocus>Cancel</button>
          <button type="button" class="danger" part="reset-confirm" @click=${act.onConfirmReset}>Reset lab</button>
        </div>
      </form>
    </dialog>
  </section>`;
}
