/**
 * Templates that show a backend choice: the badge (what runs, and why) and the table a `fastest`
 * probe measured. They render into the calling element's shadow root and use its styles.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { BACKEND_LABELS, REASON_LABELS } from '../../src/compute/describe';
import type { BackendChoice, BackendName } from '../../src/compute/types';
import { deviceWords, formatCount, isSoftwareGpu } from './trainer-text';

/**
 * The backend badge. `active` is the backend really in use (the last run's, else the choice's);
 * it is written to `data-backend`.
 */
export function renderBackendBadge(choice: BackendChoice | null, active: BackendName | null): TemplateResult {
  if (!choice || !active) {
    return html`<div part="backend-badge" class="badge">
      <p class="badge-name"><span class="badge-label">Backend</span> not chosen yet</p>
      <p class="badge-message">It is chosen when you press Train or pick a backend policy.</p>
    </div>`;
  }
  const sameDevice = choice.backend === active;
  const device = sameDevice ? deviceWords(choice.info) : null;
  return html`<div part="backend-badge" class="badge" data-backend=${active}>
    <p class="badge-name"><span class="badge-label">Backend</span> ${BACKEND_LABELS[active]}${device ? ` · ${device}` : ''}</p>
    <p class=${choice.lost ? 'badge-lost' : 'badge-message'}>${asSentence(choice.message)}</p>
    ${sameDevice
      ? nothing
      : html`<p class="badge-message">The last run ended on ${BACKEND_LABELS[active]}, not on the chosen ${BACKEND_LABELS[choice.backend]}.</p>`}
    ${sameDevice && isSoftwareGpu(choice.info)
      ? html`<p class="badge-message">This GPU is emulated in software (it runs on the CPU), so it is slow here.</p>`
      : nothing}
  </div>`;
}

/** Ends a message with a full stop. */
function asSentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** The measured table of a `fastest` choice, or nothing for other policies. */
export function renderProbeTable(choice: BackendChoice | null): TemplateResult | typeof nothing {
  if (!choice?.probe?.length) return nothing;
  return html`<table part="probe-table" class="probe">
    <caption>
      Speed of each backend on this device, measured on your model
    </caption>
    <thead>
      <tr>
        <th scope="col">Backend</th>
        <th scope="col">Result</th>
        <th scope="col" class="num">Samples/s</th>
        <th scope="col" class="num">First step</th>
      </tr>
    </thead>
    <tbody>
      ${choice.probe.map(
        (row) => html`<tr class=${row.backend === choice.backend ? 'chosen' : ''}>
          <th scope="row">${BACKEND_LABELS[row.backend]}</th>
          <td>
            ${row.available ? (row.backend === choice.backend ? 'available, chosen' : 'available') : `unavailable: ${row.reason ? REASON_LABELS[row.reason] : 'unknown reason'}`}
          </td>
          <td class="num">${row.samplesPerSec !== undefined ? formatCount(row.samplesPerSec) : '–'}</td>
          <td class="num">${row.warmupMs !== undefined ? `${formatCount(row.warmupMs)} ms` : '–'}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

/** One version's backend as the Lab badge shows it (the host snapshot's `backends`, or a snapshot's versions). */
export interface VersionBackendView {
  id: string;
  backend: string;
  policy?: string;
  message?: string;
  fallbackReason?: string;
}

/** Display name of a backend the lab reports (its TF.js name). */
function backendName(backend: string): string {
  return backend === 'cpu' ? 'CPU' : ((BACKEND_LABELS as Record<string, string>)[backend] ?? backend);
}

/**
 * The Lab's backend badge: the backend the newest version really trained on and where the Lab runs
 * (`data-backend`), the sentence saying why (the fallback reason, as the trainer gives it), and the
 * backend each version really trained on (`data-version`, `data-backend`).
 */
export function renderLabBackendBadge(versions: readonly VersionBackendView[], place: string): TemplateResult {
  const latest = versions.at(-1) ?? null;
  return html`<span class="badge" part="backend-badge" data-backend=${latest?.backend ?? 'none'} data-policy=${latest?.policy ?? ''}>
    Backend: ${latest ? `${backendName(latest.backend)}${place}` : 'not chosen yet'}${latest?.message
      ? html`<span class="badge-why" part="backend-reason" style="display: block">${asSentence(latest.message)}</span>`
      : nothing}${versions.length > 0
      ? html`<span class="badge-versions" part="backend-versions" style="display: block"
          >Trained on:
          ${versions.map((v, i) => html`${i > 0 ? ', ' : ''}<span data-version=${v.id} data-backend=${v.backend}>${v.id} ${backendName(v.backend)}</span>`)}</span
        >`
      : nothing}
  </span>`;
}
