/**
 * The compare view's per-policy table: one row per run (mean accuracy after the change, requests in
 * windows below the threshold, time to detect and recover, retrains, rollbacks, alerts, labelled rows
 * used, correct answers lost), in a scrolling region.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { CompareResult } from '../../src/loop/compare/runner';
import { compareRows, pct } from './compare-text';

/** The table of `result`; `threshold` is the accuracy (fraction) below which a window's requests count. */
export function renderCompareTable(result: CompareResult, threshold: number): TemplateResult {
  const rows = compareRows(result, threshold);
  return html`<div class="scroll" tabindex="0" role="region" aria-label="The runs compared">
        <table part="table">
          <caption>
            Each policy on the same stream (requests below: in windows under ${pct(threshold)} accuracy)
          </caption>
          <thead>
            <tr>
              <th scope="col">Policy</th>
              <th scope="col">Accuracy after the change</th>
              <th scope="col">Requests below ${pct(threshold)}</th>
              <th scope="col">Time to detect</th>
              <th scope="col">Time to recover</th>
              <th scope="col">Retrains</th>
              <th scope="col">Rollbacks</th>
              <th scope="col">Alerts</th>
              <th scope="col">Labelled rows used</th>
              <th scope="col">Correct answers lost</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              (r) =>
                html`<tr data-policy=${r.policy}>
                  <th scope="row">${r.policy}${r.note ? html`<br /><span class="muted">${r.note}</span>` : nothing}</th>
                  <td>${r.meanAfter}</td>
                  <td>${r.below}</td>
                  <td>${r.detect}</td>
                  <td>${r.recover}</td>
                  <td>${r.retrains}</td>
                  <td>${r.rollbacks}</td>
                  <td>${r.alerts}</td>
                  <td>${r.labelsUsed}</td>
                  <td>${r.lost}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`;
}
