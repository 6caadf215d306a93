import { firstRenderTurn } from '../shared/render-queue';
import { formatNumber } from '../shared/format-count';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { toLabError, type SerializedLabError } from '../../src/errors';
import { EndpointConfigError } from '../../src/serving/errors';
import type { LabSnapshot } from '../../src/loop/engine/snapshot';
import type { RoutingPolicy } from '../../src/serving/router';
import type { LabClient } from '../../src/worker/lab-client';
import { MlopsRoutingChangeEvent } from '../shared/events';
import { LabController } from '../shared/lab-controller';
import { renderLabNotice } from '../shared/lab-notice';
import { SnapshotRefresh } from '../monitor/snapshot-refresh';
import {
  blockedReason,
  counterRows,
  DEFAULT_FORM,
  MODE_LABELS,
  ROUTING_MODES,
  routingFromForm,
  routingText,
  rolloutText,
  TRAFFIC_SPEEDS,
  TRAFFIC_STEP_SECONDS,
  type RoutingForm,
} from './traffic-text';
import { trafficStyles } from './traffic.styles';
import { speedShortfallText } from '../shared/speed-text';

/** What the traffic view is doing; the status line's `data-state`. */
export type TrafficState = 'waiting' | 'paused' | 'playing' | 'busy' | 'done' | 'error';

/**
 * The request stream and how it is split: play, hold (pause) and advance (step) the simulated
 * traffic at a chosen rate; read the stream's counters (requests, answered, errors, labels, labels dropped) with what
 * each means; and set the endpoint's routing — everything to production, a canary percentage to the
 * candidate, a shadow copy, or A/B weights. Splits that need a candidate are disabled, with the
 * reason, while there is none. The controls' names (Play, Hold, Advance, Rate) differ from the guided
 * run's (Pause, Step, Speed) so that both can sit on one page without two controls of one name.
 *
 * Play and Hold act on the Lab itself, which other views may share: the view follows the Lab's own
 * play state (the `playing` flag its host puts in every snapshot), so when the guided run of
 * `<mlops-lab>` plays the stream, this view says so and offers Hold, and a Hold here pauses the
 * stream for every view (the lab page's Pause/Resume follows the same flag).
 *
 * The Lab comes from `.lab`, else an enclosing `<mlops-lab>`, else the element starts its own.
 *
 * @summary Stream controls, request counters and the traffic split.
 *
 * @fires mlops-routing-change - The Lab accepted a routing from this view; `detail` is `{ routing, previous }`.
 *
 * @csspart controls - The play / pause / step / speed row.
 * @csspart play-button - The Play button.
 * @csspart pause-button - The Hold button (pauses the stream).
 * @csspart step-button - The Advance button (one step of simulated time).
 * @csspart speed - The rate select (the play speed).
 * @csspart counters - The request counters.
 * @csspart routing - The routing form.
 * @csspart apply-button - The Apply split button.
 * @csspart notice - What to know about the element's own Lab: default settings used (a bad attribute or shared link), or it runs in the page rather than a Web Worker.
 * @csspart status - The status line (`data-state` = waiting | paused | playing | busy | done | error).
 *
 * @cssproperty --mlops-font - Font family.
 * @cssproperty --mlops-surface - Background.
 * @cssproperty --mlops-text - Text colour.
 * @cssproperty --mlops-muted - Secondary text and the reason a split is disabled.
 * @cssproperty --mlops-border - Borders, buttons and counters.
 * @cssproperty --mlops-accent - The Play button and the focus ring.
 * @cssproperty --mlops-danger - Errors.
 */
export class MlopsTraffic extends LitElement {
  static override styles = trafficStyles;

  /** The first render waits for its turn in the page's render queue (first renders spread over frames). */
  protected override async scheduleUpdate(): Promise<void> {
    if (!this.hasUpdated) await firstRenderTurn(this);
    super.scheduleUpdate();
  }

  static override properties = {
    lab: { attribute: false },
    speed: { type: Number },
  };

  /** The Lab to drive. Left empty: the enclosing `<mlops-lab>`'s, else one the element starts. */
  declare lab: LabClient | null;
  /** Play speed in simulated seconds per real second (attribute `speed`; default 10). */
  declare speed: number;

  private readonly controller = new LabController(this, {
    explicit: () => this.lab,
    onEvent: (event) => {
      if (event.type === 'alias' || event.type === 'stream-end') this.refresh.request();
    },
    onSnapshot: (snapshot) => this.followPlayState(snapshot),
    onLabChange: () => {
      this.playing = false;
      this.startedHere = false;
      this.routingValue = null;
      this.failure = null;
      this.note = null;
    },
  });
  private readonly refresh = new SnapshotRefresh(
    () => this.controller.lab,
    (snapshot) => this.controller.accept(snapshot),
  );
  private form: RoutingForm = { ...DEFAULT_FORM };
  private playing = false;
  /** Whether the stream now playing was started from this view (else: by another view of the same Lab). */
  private startedHere = false;
  /** The speed of the stream playing now, as the Lab's host reports it (null when unknown). */
  private hostSpeed: number | null = null;
  private busy = false;
  private routingValue: RoutingPolicy | null = null;
  private failure: SerializedLabError | null = null;
  private note: string | null = null;

  constructor() {
    super();
    this.lab = null;
    this.speed = 10;
  }

  /** The Lab in use (given, provided or own), null until known. */
  get activeLab(): LabClient | null {
    return this.controller.lab;
  }

  /** The last routing this view set on the Lab (null: none yet). */
  get routing(): RoutingPolicy | null {
    return this.routingValue;
  }

  /** Whether the Lab is playing the stream (as its host last reported, or as this view last set it). */
  get isPlaying(): boolean {
    return this.playing;
  }

  /** Whether the stream playing now was started from this view (false when another view, e.g. the guided run, started it). */
  get playingFromHere(): boolean {
    return this.playing && this.startedHere;
  }

  /** Follows the Lab's play state from a snapshot (hosts that do not report it leave the view's own belief). */
  private followPlayState(snapshot: LabSnapshot): void {
    if (snapshot.done) this.playing = false;
    else if (typeof snapshot.playing === 'boolean') this.playing = snapshot.playing;
    this.hostSpeed = this.playing ? (snapshot.playSpeed ?? null) : null;
    if (!this.playing) this.startedHere = false;
  }

  /** What the view is doing (the status line's `data-state`). */
  get trafficState(): TrafficState {
    if (this.busy) return 'busy';
    if (this.failure || this.controller.error) return 'error';
    const snapshot = this.controller.snapshot;
    if (!snapshot) return 'waiting';
    if (snapshot.done) return 'done';
    return this.playing ? 'playing' : 'paused';
  }

  /** The routing form's values (a copy). */
  get routingForm(): RoutingForm {
    return { ...this.form };
  }

  /** Changes the routing form (does not send it). */
  setForm(change: Partial<RoutingForm>): void {
    this.form = { ...this.form, ...change };
    this.requestUpdate();
  }

  /** Streams at `speed` simulated seconds per real second. */
  async play(): Promise<void> {
    const lab = this.controller.lab;
    if (!lab) return;
    await this.command(async () => {
      await lab.play(this.speed);
      this.playing = true;
      this.startedHere = true;
    });
  }

  /** Pauses the stream. */
  async pause(): Promise<void> {
    const lab = this.controller.lab;
    if (!lab) return;
    await this.command(async () => {
      this.controller.snapshot = await lab.pause();
      this.playing = false;
    });
  }

  /** Advances the stream by `seconds` simulated seconds (default TRAFFIC_STEP_SECONDS). */
  async step(seconds = TRAFFIC_STEP_SECONDS): Promise<void> {
    const lab = this.controller.lab;
    if (!lab) return;
    await this.command(async () => {
      this.controller.snapshot = await lab.step(seconds);
    });
  }

  /**
   * The speed the Rate select shows: the one really playing (as the Lab's host reports it, e.g. the
   * guided run's 20x), else the one Play will use.
   */
  get shownSpeed(): number {
    return this.playing && this.hostSpeed !== null ? this.hostSpeed : this.speed;
  }

  /** Sets the speed, and the Lab's too while the stream plays (whichever view started it, as Hold does). */
  async setSpeed(speed: number): Promise<void> {
    this.speed = speed;
    const lab = this.controller.lab;
    if (!this.playing || !lab) return;
    if (this.playingFromHere) return this.play();
    await this.command(async () => {
      await lab.play(speed);
      this.hostSpeed = speed;
    });
  }

  /**
   * Sends the form's routing (or `routing`) to the Lab. A bad form gets the endpoint's typed error
   * on the status line, naming the field; the event fires once the Lab accepted the policy.
   */
  async applyRouting(routing?: RoutingPolicy): Promise<void> {
    const lab = this.controller.lab;
    if (!lab) return;
    await this.command(async () => {
      const policy = routing ?? routingFromForm(this.form);
      const blocked = blockedReason(policy.mode, this.controller.snapshot?.deployed ?? null);
      if (blocked) throw new EndpointConfigError('routing.mode', blocked);
      await lab.setRouting(policy);
      const previous = this.routingValue;
      this.routingValue = policy;
      this.note = routingText(policy);
      this.dispatchEvent(new MlopsRoutingChangeEvent({ routing: policy, previous }));
    });
  }

  private async command(run: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.failure = null;
    this.requestUpdate();
    try {
      await run();
    } catch (error) {
      this.failure = toLabError(error).toJSON();
    } finally {
      this.busy = false;
      this.requestUpdate();
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('lab')) this.controller.sync();
  }

  protected override render(): TemplateResult {
    const snapshot = this.controller.snapshot;
    const state = this.trafficState;
    const labError = this.controller.error;
    const status = this.failure
      ? `That did not work: ${this.failure.message}`
      : labError
        ? `The lab failed: ${labError.message}`
        : state === 'waiting'
          ? 'Waiting for the lab (training its first version)…'
          : state === 'done'
            ? 'The stream has ended.'
            : state === 'busy'
              ? 'Working…'
              : (this.note ??
                (state === 'playing'
                  ? this.startedHere
                    ? `Streaming at ${this.shownSpeed} simulated seconds per second.`
                    : `Streaming: the lab is playing${this.hostSpeed !== null ? ` at ${this.hostSpeed} simulated seconds per second` : ''} (started elsewhere on the page, e.g. the guided run). Hold pauses it for every view.`
                  : 'Held. Play, or advance one step, to send traffic.'));
    const shortfall = state === 'playing' ? speedShortfallText(snapshot) : null;
    const ready = snapshot !== null && !snapshot.done && !this.busy;
    const shown = this.shownSpeed;
    const speeds = TRAFFIC_SPEEDS.includes(shown) ? TRAFFIC_SPEEDS : [...TRAFFIC_SPEEDS, shown].sort((a, b) => a - b);
    return html`<h2>Traffic</h2>
      <div class="controls" part="controls">
        <button part="play-button" class="primary" type="button" ?disabled=${!ready || this.playing} @click=${() => void this.play()}>Play</button>
        <button part="pause-button" type="button" ?disabled=${!ready || !this.playing} @click=${() => void this.pause()}>Hold</button>
        <button part="step-button" type="button" ?disabled=${!ready || this.playing} @click=${() => void this.step()}>Advance ${TRAFFIC_STEP_SECONDS} s</button>
        <label
          >Rate
          <select part="speed" @change=${(e: Event) => void this.setSpeed(Number((e.target as HTMLSelectElement).value))}>
            ${speeds.map((s) => html`<option value=${s} .selected=${s === shown}>${s}× (simulated s per second)</option>`)}
          </select></label
        >
        <span class="muted">${snapshot ? `At t = ${Math.round(snapshot.t)} s, request ${formatNumber(snapshot.position)}` : ''}</span>
      </div>
      <dl class="counters" part="counters">
        ${counterRows(snapshot?.totals ?? null).map(
          (c) => html`<div data-counter=${c.key}>
            <dt>${c.label}</dt>
            <dd class="value">${formatNumber(c.value)}</dd>
            <dd class="muted">${c.meaning}</dd>
          </div>`,
        )}
      </dl>
      ${this.renderRouting()}
      ${renderLabNotice(this.controller.notice)}
      <p part="status" class="status" role="status" data-state=${state}>${status}${shortfall ? html` <span data-field="achieved-speed">${shortfall}</span>` : nothing}</p>`;
  }

  private renderRouting(): TemplateResult {
    const snapshot = this.controller.snapshot;
    const deployed = snapshot?.deployed ?? null;
    const f = this.form;
    const rollout = rolloutText(snapshot?.rollout ?? null);
    const blocked = blockedReason(f.mode, deployed);
    const anyBlocked = ROUTING_MODES.map((m) => blockedReason(m, deployed)).find((r) => r !== null) ?? null;
    return html`<fieldset part="routing" ?disabled=${this.busy || !snapshot}>
        <legend>Traffic split</legend>
        <p class="muted">
          Production: <strong>${deployed?.production ?? 'none'}</strong>; candidate: <strong>${deployed?.candidate ?? 'none'}</strong>; shadow:
          <strong>${deployed?.shadow ?? 'none'}</strong>.
        </p>
        ${snapshot?.routing ? html`<p class="muted" data-field="routing-now">In force now: ${routingText(snapshot.routing)}</p>` : nothing}
        ${anyBlocked ? html`<p class="reason" id="blocked">${anyBlocked}</p>` : nothing} ${rollout ? html`<p class="muted">${rollout}</p>` : nothing}
        <div class="modes">
          ${ROUTING_MODES.map((m) => {
            const reason = blockedReason(m, deployed);
            return html`<label data-mode=${m}>
              <input
                type="radio"
                name="mode"
                value=${m}
                .checked=${f.mode === m}
                ?disabled=${reason !== null}
                aria-describedby=${reason ? 'blocked' : 'mode-help'}
                @change=${() => this.setForm({ mode: m })}
              />
              ${MODE_LABELS[m]} ${m === 'canary' ? this.renderPercent(reason !== null) : nothing} ${m === 'ab' ? this.renderWeights(reason !== null) : nothing}
            </label>`;
          })}
        </div>
        <p class="muted" id="mode-help">${this.describeForm()}</p>
      </fieldset>
      <button part="apply-button" type="button" ?disabled=${this.busy || !snapshot || blocked !== null} @click=${() => void this.applyRouting()}>Apply split</button>
      ${this.routingValue ? html`<span class="muted"> Set from here: ${routingText(this.routingValue)}</span>` : nothing}`;
  }

  private renderPercent(disabled: boolean): TemplateResult {
    return html`<span
      ><input
        type="number"
        min="0"
        max="100"
        step="1"
        aria-label="Canary: percent of requests to the candidate"
        .value=${String(this.form.percent)}
        ?disabled=${disabled}
        @change=${(e: Event) => this.setForm({ mode: 'canary', percent: Number((e.target as HTMLInputElement).value) })}
      />
      % to the candidate</span
    >`;
  }

  private renderWeights(disabled: boolean): TemplateResult {
    const input = (key: 'production' | 'candidate', label: string) =>
      html`<input
        type="number"
        min="0"
        step="1"
        aria-label=${label}
        .value=${String(this.form[key])}
        ?disabled=${disabled}
        @change=${(e: Event) => this.setForm({ mode: 'ab', [key]: Number((e.target as HTMLInputElement).value) })}
      />`;
    return html`<span>production ${input('production', 'A/B weight of production')} : candidate ${input('candidate', 'A/B weight of the candidate')}</span>`;
  }

  private describeForm(): string {
    try {
      return routingText(routingFromForm(this.form));
    } catch (error) {
      return `Not a valid split: ${toLabError(error).message}`;
    }
  }
}
