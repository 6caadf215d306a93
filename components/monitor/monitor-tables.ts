/**
 * The monitor's text beside its chart: the key of its markers and the table of the most recent ones
 * (for readers who cannot see the canvas).
 */
import { html, type TemplateResult } from 'lit';
import type { MonitorMarker } from './monitor-markers';
import { count } from './monitor-summary';

const KIND_NAMES: Record<MonitorMarker['kind'], string> = {
  drift: 'Drift alarm',
  alert: 'Alert raised',
  'alert-resolved': 'Alert resolved',
  retrain: 'Retrain',
  deploy: 'Deploy',
  rollback: 'Rollback',
  incident: 'Incident',
};

/** The key of the chart's markers, in words (what each shape and line means). */
export function markerKey(): TemplateResult {
  return html`<ul part="legend" class="legend" aria-label="Key of the chart's markers">
    <li><span class="key key-truth" aria-hidden="true"></span>Shaded band: the scenario's real drift (darker while it unfolds)</li>
    <li><span class="key key-drift" aria-hidden="true">▲</span>Triangle at the bottom: a detector's drift alarm on the error rate (hollow △: on the confidence)</li>
    <li><span class="key key-alert" aria-hidden="true">◆</span>Diamond above the plot: an alert raised (hollow: resolved)</li>
    <li><span class="key key-line retrain" aria-hidden="true"></span>Dotted line: a retrain (new version)</li>
    <li><span class="key key-line deploy" aria-hidden="true"></span>Solid line: a deploy</li>
    <li><span class="key key-line rollback" aria-hidden="true"></span>Dashed line: a rollback</li>
    <li><span class="key" aria-hidden="true">▭</span>Names of versions and drifts: in the lane above the plot, never over the lines</li>
  </ul>`;
}

/** The most recent markers (newest first) as a table in a keyboard-scrollable region named `regionName`. */
export function markerTable(markers: readonly MonitorMarker[], regionName: string): TemplateResult {
  const recent = markers.slice(-8).reverse();
  return html`<div class="scroll" tabindex="0" role="region" aria-label=${regionName}>
    <table part="markers">
      <caption>
        Recent markers (newest first, ${markers.length} in all)
      </caption>
      <thead>
        <tr>
          <th scope="col" class="num">Request</th>
          <th scope="col">Marker</th>
          <th scope="col">Version</th>
          <th scope="col">What happened</th>
        </tr>
      </thead>
      <tbody>
        ${recent.length === 0
          ? html`<tr>
              <td colspan="4">None yet.</td>
            </tr>`
          : recent.map(
              (m) =>
                html`<tr data-kind=${m.kind}>
                  <td class="num">${count(m.x)}</td>
                  <td>${KIND_NAMES[m.kind]}</td>
                  <td>${m.version ?? '—'}</td>
                  <td>${m.detail}</td>
                </tr>`,
            )}
      </tbody>
    </table>
  </div>`;
}
