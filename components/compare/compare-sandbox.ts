/**
 * The compare view's alert-settings sandbox, rendered: the run picker, the sliders (threshold,
 * for-duration, cooldown, a detector and its main parameter), what the current setting gives and the
 * trade-off chart of false alerts against detection delay. The state lives in CompareSandbox.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { CompareResult } from '../../src/loop/compare/runner';
import { SANDBOX_DETECTORS, SANDBOX_LIMITS, type SandboxDetector, type SandboxSettings } from '../../src/loop/compare/sandbox';
import { readTheme } from '../monitor/view.styles';
import type { CompareSandbox } from './sandbox-state';
import { tradeoffSvg } from './tradeoff-svg';

/** What the sandbox's controls ask of the view. */
export interface SandboxActions {
  /** Re-judge run `index` of the result. */
  selectRun(index: number): void;
  /** Change one setting and re-judge. */
  change(change: Partial<SandboxSettings>): void;
}

/** `<fieldset part="sandbox">` for `result`; `host` is the element whose theme colours the trade-off chart. */
export function renderSandbox(host: Element, result: CompareResult, sandbox: CompareSandbox, actions: SandboxActions): TemplateResult {
  const s = sandbox.settings;
  const o = sandbox.outcome;
  const det = SANDBOX_DETECTORS[s.detector];
  const current = o ? { threshold: s.threshold, falseAlerts: o.falseAlerts, alertsPerDay: o.alertsPerDay, delay: o.delay } : null;
  const sliderValue = (v: number) => (det.log ? Math.log10(v) : v);
  const fromSlider = (v: number) => (det.log ? Math.round(10 ** v * 1e6) / 1e6 : v);
  return html`<fieldset part="sandbox">
      <legend>Alert settings sandbox</legend>
      <p class="muted">Re-judges the recorded answers of one run under other alert settings, without running the model again: a tighter alert fires sooner after the drift, and more often when nothing is wrong.</p>
      <label
        >Run
        <select
          @change=${(e: Event) => {
            actions.selectRun(Number((e.target as HTMLSelectElement).value));
          }}
        >
          ${result.runs.map((r, i) => html`<option value=${i} ?selected=${i === sandbox.run}>${r.policy}</option>`)}
        </select></label
      >
      <div class="sliders">
        <label for="threshold">Accuracy-drop threshold</label>
        <input id="threshold" part="threshold" type="range" min=${SANDBOX_LIMITS.threshold.min} max=${SANDBOX_LIMITS.threshold.max} step="0.005" .value=${String(s.threshold)} @input=${(e: Event) => actions.change({ threshold: Number((e.target as HTMLInputElement).value) })} />
        <output for="threshold">${(s.threshold * 100).toFixed(1)} points</output>
        <label for="for">For-duration</label>
        <input id="for" part="for" type="range" min="0" max="300" step="10" .value=${String(s.forSeconds)} @input=${(e: Event) => actions.change({ forSeconds: Number((e.target as HTMLInputElement).value) })} />
        <output for="for">${s.forSeconds} s</output>
        <label for="cooldown">Cooldown</label>
        <input id="cooldown" part="cooldown" type="range" min="0" max="600" step="10" .value=${String(s.cooldownSeconds)} @input=${(e: Event) => actions.change({ cooldownSeconds: Number((e.target as HTMLInputElement).value) })} />
        <output for="cooldown">${s.cooldownSeconds} s</output>
        <label for="detector">Detector</label>
        <select id="detector" @change=${(e: Event) => actions.change({ detector: (e.target as HTMLSelectElement).value as SandboxDetector })}>
          ${Object.entries(SANDBOX_DETECTORS).map(([k, d]) => html`<option value=${k} ?selected=${k === s.detector}>${d.label}</option>`)}
        </select>
        <span></span>
        <label for="detector-value">${det.label} ${det.words}</label>
        <input
          id="detector-value"
          part="detector-value"
          type="range"
          min=${sliderValue(det.min)}
          max=${sliderValue(det.max)}
          step=${det.log ? 0.1 : (det.max - det.min) / 100}
          .value=${String(sliderValue(s.detectorValue))}
          @input=${(e: Event) => actions.change({ detectorValue: Math.min(det.max, Math.max(det.min, fromSlider(Number((e.target as HTMLInputElement).value)))) })}
        />
        <output for="detector-value">${det.log ? s.detectorValue.toPrecision(2) : s.detectorValue.toFixed(2)}</output>
      </div>
      ${o && current
        ? html`<div class="sandbox-out">
            <div part="sandbox-result" data-false=${o.falseAlerts} data-delay=${o.delay ?? 'missed'}>
              <p><strong>Accuracy alert:</strong> ${o.alerts.length} raised (${o.alertsPerDay.toFixed(0)} per simulated day); ${o.falseAlerts} before the drift began (false); ${o.delay === null ? 'it never fired after the drift began' : `first fired ${o.delay} requests after the drift began`}.</p>
              <p><strong>${det.label}:</strong> ${o.detectorAlarms.length} alarms; ${o.detectorFalse} before the drift; ${o.detectorDelay === null ? 'none after it' : `first ${o.detectorDelay} requests after it began`}.</p>
              <p class="muted">Re-judged ${result.runs[sandbox.run]?.recorded.index.length ?? 0} answers and a ${sandbox.curve.length}-point curve in ${sandbox.ms === null ? '?' : sandbox.ms.toFixed(0)} ms.</p>
            </div>
            <div part="tradeoff">${tradeoffSvg(sandbox.curve, current, { text: readTheme(host, '--mlops-text'), line: readTheme(host, '--mlops-accent'), point: readTheme(host, '--mlops-accent-2') })}</div>
          </div>`
        : nothing}
    </fieldset>`;
}
