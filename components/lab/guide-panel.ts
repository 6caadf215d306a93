/**
 * The guided-run panel of `<mlops-lab>` as a template: the controls (run, pause or resume, step,
 * speed, the backend badge), the caption, the progress, the checklist of the loop's steps, the
 * scoreboard and "What happened". It holds no state: the element passes what to show and what to
 * call (lab.component.ts).
 */
import { html, nothing, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import type { LabSnapshot } from '../../src/loop/index';
import { percent, type GuideStepId, type GuideTracker } from './guide';

/** What the guided run is doing; written to the caption's `data-phase`. */
export type GuidePhase = 'idle' | 'training' | 'running' | 'paused' | 'done' | 'error';

/** Steps listed in "What happened" at most (the most recent; the count says how many there were). */
export const LOG_SHOWN = 50;

/** Speeds offered, in simulated seconds per real second. */
export const GUIDE_SPEEDS: readonly number[] = [5, 10, 20, 40, 80];

/** Simulated seconds one press of Step advances. */
export const STEP_SECONDS = 25;

/** The checklist of the guided run, in order. */
const CHECKLIST: readonly { id: GuideStepId; label: string }[] = [
  { id: 'train', label: 'Train' },
  { id: 'deploy', label: 'Deploy' },
  { id: 'stream', label: 'Stream' },
  { id: 'drift', label: 'Drift' },
  { id: 'alert', label: 'Alert' },
  { id: 'retrain', label: 'Retrain' },
  { id: 'promote', label: 'Promote' },
  { id: 'recover', label: 'Recover' },
];

/** What the panel shows. */
export interface GuidePanelView {
  phase: GuidePhase;
  /** Paused, or a pause asked for during training. */
  paused: boolean;
  /** A command is on its way (Step is off). */
  busy: boolean;
  speed: number;
  caption: string;
  /** The achieved-speed note while the machine cannot keep up, else null. */
  shortfall: string | null;
  /** The run's length in requests (null: unknown). */
  total: number | null;
  guide: GuideTracker;
  snapshot: LabSnapshot | null;
  /** The backend badge (shared/backend-view.ts). */
  backend: TemplateResult;
}

/** What the panel's controls call. */
export interface GuidePanelActions {
  run(): void;
  pause(): void;
  resume(): void;
  step(): void;
  setSpeed(speed: number): void;
}

function scoreboard(guide: GuideTracker, s: LabSnapshot | null): TemplateResult {
  const done = guide.series.filter((w) => w.realized !== null && s !== null && w.end <= s.position);
  const latest = done.at(-1)?.realized ?? null;
  return html`<dl class="scoreboard" part="scoreboard">
    <div><dt>Requests streamed</dt><dd data-field="requests">${s ? s.totals.requests.toLocaleString('en-US') : '—'}</dd></div>
    <div><dt>In production</dt><dd data-field="production">${s?.deployed.production ?? '—'}</dd></div>
    <div><dt>Versions</dt><dd data-field="versions">${s ? s.versions.length : '—'}</dd></div>
    <div><dt>Accuracy, last window</dt><dd data-field="accuracy">${percent(latest)}</dd></div>
    <div><dt>Active alerts</dt><dd data-field="alerts">${s ? s.alerts.length : '—'}</dd></div>
  </dl>`;
}

/**
 * "What happened": the last LOG_SHOWN steps (a long run reaches many), re-rendered only when a step
 * was added, not on every snapshot.
 */
function log(guide: GuideTracker): unknown {
  const steps = guide.steps;
  if (steps.length === 0) return nothing;
  const last = steps.at(-1);
  return guard([steps.length, last], () => {
    const shown = steps.slice(-LOG_SHOWN);
    const more = steps.length - shown.length;
    return html`<details class="log" part="log">
      <summary>What happened (${steps.length} step${steps.length === 1 ? '' : 's'}${more > 0 ? `; the last ${shown.length} listed` : ''})</summary>
      <ol tabindex="0" aria-label="Steps reached, oldest first">
        ${shown.map((st) => html`<li data-step=${st.id}><span class="at">request ${Math.max(0, st.index).toLocaleString('en-US')}</span> ${st.caption}</li>`)}
      </ol>
    </details>`;
  });
}

/** The guided-run panel. */
export function renderGuidePanel(v: GuidePanelView, act: GuidePanelActions): TemplateResult {
  const { phase, paused, total } = v;
  const canPause = phase === 'running' || phase === 'paused' || phase === 'training';
  const position = v.snapshot?.totals.requests ?? 0;
  return html`
    <section class="guide" part="guide" aria-labelledby="guide-title">
      <h2 id="guide-title">Guided first run</h2>
      <p class="lede">
        One button runs the whole loop: a small model is trained and deployed, traffic streams in, the world drifts, the lab notices and
        alerts, retrains, checks the new version against the old and puts it live. Captions follow what the lab really does.
      </p>
      <div class="controls" part="controls">
        <button class="primary" part="run-button" type="button" ?disabled=${phase === 'training'} @click=${() => act.run()}>
          ${phase === 'idle' ? 'Run the whole loop' : 'Run the whole loop again'}
        </button>
        <button part="pause-button" type="button" aria-pressed=${paused ? 'true' : 'false'} ?disabled=${!canPause} @click=${() => (paused ? act.resume() : act.pause())}>
          ${paused ? 'Resume' : 'Pause'}
        </button>
        <button part="step-button" type="button" ?disabled=${phase !== 'paused' || v.busy} @click=${() => act.step()}>Step ${STEP_SECONDS} s</button>
        <label
          >Speed
          <select part="speed" @change=${(e: Event) => act.setSpeed(Number((e.target as HTMLSelectElement).value))}>
            ${GUIDE_SPEEDS.map((s) => html`<option value=${s} ?selected=${s === v.speed}>${s} simulated s per second</option>`)}
          </select></label
        >
        ${v.backend}
      </div>
      <p class="caption" part="caption" role="status" aria-live="polite" data-phase=${phase}>${v.caption}</p>
      ${v.shortfall ? html`<p class="caption" part="speed-note" data-field="achieved-speed">${v.shortfall}</p>` : nothing}
      ${total ? html`<progress part="progress" max=${total} .value=${Math.min(position, total)} aria-label="Requests streamed of ${total}"></progress>` : nothing}
      <ol class="steps" part="steps" aria-label="Steps of the loop">
        ${CHECKLIST.map(({ id, label }) => {
          const reached = v.guide.has(id);
          return html`<li ?data-reached=${reached} data-step=${id}>${label}<span class="visually-hidden">${reached ? ' (done)' : ''}</span></li>`;
        })}
      </ol>
      ${scoreboard(v.guide, v.snapshot)}
      ${log(v.guide)}
    </section>
  `;
}
