/**
 * The registry view's deployment history, rendered: the last 12 alias moves the view saw (when, which
 * alias, the version now and before, why, by whom), newest first.
 */
import { html, type TemplateResult } from 'lit';
import { formatDuration } from '../alerts/alert-log';
import { landmarkName } from '../shared/landmark-name';
import type { RegistryLog } from './registry-rows';

/** The deployment history section of `log`; `host` names its scrolling region uniquely. */
export function renderHistory(host: Element, log: Pick<RegistryLog, 'moves'>): TemplateResult {
  const moves = log.moves.slice(-12).reverse();
  return html`<section>
      <h3 id="history-title">Deployment history</h3>
      <div class="scroll" tabindex="0" role="region" aria-label=${landmarkName(host, 'Deployment history')}>
        <table part="history">
          <caption class="muted">
            Every alias move seen by this view, newest first. Times are simulated.
          </caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Alias</th>
              <th scope="col">Now</th>
              <th scope="col">Before</th>
              <th scope="col">Why</th>
              <th scope="col">By</th>
            </tr>
          </thead>
          <tbody>
            ${moves.length === 0
              ? html`<tr>
                  <td colspan="6">No move seen yet.</td>
                </tr>`
              : moves.map(
                  (m) => html`<tr>
                    <td>${formatDuration(m.t)}</td>
                    <td>${m.alias}</td>
                    <td>${m.version ?? 'cleared'}</td>
                    <td>${m.previous ?? '—'}</td>
                    <td>${m.reason}</td>
                    <td>${m.actor}</td>
                  </tr>`,
                )}
          </tbody>
        </table>
      </div>
    </section>`;
}
