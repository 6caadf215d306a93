import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { toLabError } from '../../src/errors';
import type { EndpointSummary } from '../../src/loop/engine/snapshot';
import { isErrorResponse, type EndpointResponse } from '../../src/serving/protocol';
import type { LabClient } from '../../src/worker/lab-client';
import { landmarkName } from '../shared/landmark-name';
import { LabController } from '../shared/lab-controller';
import { renderLabNotice } from '../shared/lab-notice';
import { MlopsRequestSentEvent, MlopsResponseEvent } from '../shared/events';
import { EXAMPLES, exampleRequest, explainJsonError, explainResponse, formatJson, inferCall, isError, parseRequestText, type ExampleKind } from './request-text';
import { endpointStyles } from './endpoint.styles';
import { dataCheckWords, healthCalls, LAB_ENDPOINT_NAME, type HealthCall } from './health-text';
import type { RoutingPolicy } from '../../src/serving/router';
import { rolloutText, routingText } from '../traffic/traffic-text';

/** What the view is doing. */
export type EndpointViewState = 'waiting' | 'idle' | 'sending' | 'error';

/** One exchange: what was sent, where, and what came back. */
export interface Exchange {
  request: unknown;
  response: EndpointResponse;
  /** The protocol call it was (`POST v2/models/lab/infer`, with `/versions/<v>` when one was named). */
  call: string;
  /** The version asked for by name (empty: routed). */
  version: string;
  /** The JSON parser's message when the body was not JSON (the endpoint answered 400 without reading it). */
  parseError?: string;
}


const ERROR_KINDS: readonly { kind: string; status: number; words: string }[] = [
  { kind: 'malformed', status: 400, words: 'malformed' },
  { kind: 'schema', status: 422, words: 'schema mismatch' },
  { kind: 'unknown-model', status: 404, words: 'unknown model' },
  { kind: 'model-failure', status: 500, words: 'model failure' },
  { kind: 'unavailable', status: 503, words: 'nothing deployed' },
];

/**
 * The endpoint view: a "send a request" form prefilled with a valid Open Inference Protocol v2
 * request for the lab's schema, example bad requests (missing field, wrong type, NaN) one click
 * away, and the raw request and response JSON side by side, error responses included with their
 * status and the field at fault in plain words. Above the form, how the endpoint routes requests now
 * (all to production, a canary percentage, a shadow copy or an A/B split, and any automatic rollout);
 * beside it, the protocol's health and metadata calls (server live and ready, model ready, model
 * metadata) with the answers the endpoint gives now;
 * below, the endpoint's counters: every request it answered (the stream's and yours), errors by kind, and the
 * latency (p50 / p95 / p99) of the last window's answers.
 *
 * A request sent here is a real request to production (routed like any other and counted in the
 * endpoint's statistics) but it is not part of the seeded stream: the run stays the same.
 * The Lab comes from `.lab`, else an enclosing `<mlops-lab>`, else the element starts its own.
 *
 * @summary Send a request to the model endpoint and read the raw answer.
 *
 * @fires mlops-request-sent - A request left the form; `detail` is `{ request }` (the parsed JSON, or the raw text when it was not JSON).
 * @fires mlops-response - The endpoint answered; `detail` is `{ request, response }` (an answer or `{status, kind, error, field?}`).
 *
 * @csspart request-input - The request body textarea.
 * @csspart model-input - The model name the request is addressed to (the endpoint's own by default: another gives 404).
 * @csspart version-input - The version the request asks for by name (empty: the endpoint's routing decides; one not deployed gives 404).
 * @csspart call - The protocol call the last request was (`POST v2/models/<name>[/versions/<v>]/infer`).
 * @csspart send-button - The Send button.
 * @csspart example-button - Each example request button.
 * @csspart request-json - The raw request sent.
 * @csspart response-json - The raw response received.
 * @csspart explanation - The answer in plain words (`data-status` = 200 or the error status).
 * @csspart health - The health and metadata calls (`data-ready` = true | false).
 * @csspart data-checks - Stream requests the endpoint flagged out of range, and the labelled rows held back from training (absent before any).
 * @csspart health-call - Each call with its answer (`data-call` = live | ready | model-ready | metadata).
 * @csspart stats - The endpoint's counters.
 * @csspart latency - The latency (p50 / p95 / p99) of the last window's answers.
 * @csspart routing - How requests are routed now (`data-mode` = production | canary | shadow | ab).
 * @csspart notice - What to know about the element's own Lab: default settings used (a bad attribute or shared link), or it runs in the page rather than a Web Worker.
 * @csspart status - The status line (`data-state` = waiting | idle | sending | error).
 *
 * @cssproperty --mlops-font - Font family.
 * @cssproperty --mlops-surface - Background.
 * @cssproperty --mlops-text - Text colour.
 * @cssproperty --mlops-muted - Secondary text.
 * @cssproperty --mlops-border - Borders and buttons.
 * @cssproperty --mlops-accent - The Send button and the focus ring.
 * @cssproperty --mlops-danger - Error answers.
 * @cssproperty --mlops-tint - Background of the JSON blocks.
 */
export class MlopsEndpoint extends LitElement {
  static override styles = endpointStyles;

  static override properties = {
    lab: { attribute: false },
  };

  /** The Lab to send to. Left empty: the enclosing `<mlops-lab>`'s, else one the element starts. */
  declare lab: LabClient | null;

  private readonly controller = new LabController(this, {
    explicit: () => this.lab,
    onSnapshot: () => this.prefill(),
    onLabChange: () => {
      this.exchange = null;
      this.text = null;
      this.failure = null;
    },
  });
  private text: string | null = null;
  /** The model name and version the form addresses. */
  private address = { model: LAB_ENDPOINT_NAME, version: '' };
  private exchange: Exchange | null = null;
  private sending = false;
  private failure: string | null = null;

  constructor() {
    super();
    this.lab = null;
  }

  /** The Lab in use (given, provided or own), null until known. */
  get activeLab(): LabClient | null {
    return this.controller.lab;
  }

  /** The request body in the form (null until the lab's schema is known). */
  get requestText(): string | null {
    return this.text;
  }
  set requestText(value: string | null) {
    this.text = value;
    this.requestUpdate();
  }

  /** The last request sent and its answer (null before the first). */
  get lastExchange(): Exchange | null {
    return this.exchange;
  }

  /** The endpoint's counters from the latest snapshot (null until known). */
  get stats(): EndpointSummary | null {
    return this.controller.snapshot?.endpoint ?? null;
  }

  /** The routing policy in force, from the latest snapshot (null until known, or from a Lab too old to say). */
  get routing(): RoutingPolicy | null {
    return this.controller.snapshot?.routing ?? null;
  }

  /**
   * The Open Inference Protocol health and metadata calls with the answers the endpoint gives now
   * (server live, server ready, model ready, model metadata); empty until the lab's schema is known.
   */
  get health(): HealthCall[] {
    const snapshot = this.controller.snapshot;
    if (!snapshot?.schema) return [];
    return healthCalls(snapshot.schema, snapshot.deployed, !this.controller.error);
  }

  /** What the view is doing (the status line's `data-state`). */
  get viewState(): EndpointViewState {
    if (this.sending) return 'sending';
    if (this.failure || this.controller.error) return 'error';
    return this.controller.snapshot?.schema ? 'idle' : 'waiting';
  }

  /** Loads an example request into the form (needs the lab's schema). */
  loadExample(kind: ExampleKind): void {
    const schema = this.controller.snapshot?.schema;
    if (!schema) return;
    this.text = formatJson(exampleRequest(schema, kind));
    this.requestUpdate();
  }

  /** The model name and version requests are addressed to (version empty: the endpoint's routing decides). */
  get requestAddress(): { model: string; version: string } {
    return { ...this.address };
  }
  set requestAddress(value: { model: string; version: string }) {
    this.address = { model: value.model, version: value.version };
    this.requestUpdate();
  }

  /**
   * Sends the form's text (or `text`) to the endpoint, at the form's model name and version. Text
   * that is not JSON is sent as it is — the endpoint answers 400, as a real server would, and the
   * view quotes the JSON parser's own message. A model name or version the endpoint does not serve
   * gets its 404 (asked with the protocol's model metadata call for that address, which answers
   * exactly as the infer call's routing does). Resolves with the answer (null if no lab yet).
   */
  async send(text: string | null = this.text): Promise<EndpointResponse | null> {
    const lab = this.controller.lab;
    if (!lab || text === null || this.sending) return null;
    const parsed = parseRequestText(text);
    const request = parsed.ok ? parsed.value : text;
    const model = this.address.model.trim();
    const version = this.address.version.trim();
    const call = inferCall({ model: model || LAB_ENDPOINT_NAME, version });
    this.sending = true;
    this.failure = null;
    this.requestUpdate();
    this.dispatchEvent(new MlopsRequestSentEvent({ request }));
    try {
      const addressed = model !== LAB_ENDPOINT_NAME || version !== '';
      const unknown = addressed ? await lab.metadata(model || LAB_ENDPOINT_NAME, version || undefined) : null;
      const response =
        unknown && isErrorResponse(unknown)
          ? unknown
          : await lab.infer(request, addressed ? { model: model || LAB_ENDPOINT_NAME, ...(version ? { version } : {}) } : undefined);
      if (this.controller.lab !== lab) return null;
      this.exchange = { request, response, call, version, ...(parsed.ok ? {} : { parseError: parsed.message }) };
      this.dispatchEvent(new MlopsResponseEvent({ request, response }));
      const snapshot = await lab.snapshot();
      if (this.controller.lab === lab) this.controller.snapshot = snapshot;
      return response;
    } catch (error) {
      this.failure = toLabError(error).message;
      return null;
    } finally {
      this.sending = false;
      this.requestUpdate();
    }
  }

  private prefill(): void {
    if (this.text === null && this.controller.snapshot?.schema) this.loadExample('valid');
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('lab')) this.controller.sync();
    this.prefill();
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void this.send();
    }
  }

  protected override render(): TemplateResult {
    const state = this.viewState;
    const schema = this.controller.snapshot?.schema;
    const labError = this.controller.error;
    const status =
      state === 'sending'
        ? 'Sending…'
        : this.failure
          ? `That did not work: ${this.failure}`
          : labError
            ? `The lab failed: ${labError.message}`
            : state === 'waiting'
              ? 'Waiting for the lab (training its first version)…'
              : this.exchange
                ? isError(this.exchange.response)
                  ? `The endpoint answered with error ${this.exchange.response.status}.`
                  : 'The endpoint answered.'
                : 'Ready: edit the request or pick an example, then Send.';
    return html`<h2>Send a request to the endpoint</h2>
      <p class="muted">
        This is what an application sends to the deployed model (Open Inference Protocol v2: one named input per feature${schema ? html`: ${schema.features.map((f) => html`<code>${f.name}</code> `)}` : nothing}). Your request goes to production like any other and shows in the counters below, but it does
        not change the simulated traffic.
      </p>
      ${this.renderRouting()}
      <div class="examples" role="group" aria-label="Example requests">
        ${EXAMPLES.map((e) => html`<button part="example-button" data-example=${e.kind} ?disabled=${!schema} @click=${() => this.loadExample(e.kind)}>${e.label}</button>`)}
      </div>
      <div class="address" role="group" aria-label="Where the request goes">
        <label>Model <input part="model-input" type="text" spellcheck="false" .value=${this.address.model} @input=${(e: Event) => (this.address = { ...this.address, model: (e.target as HTMLInputElement).value })} /></label>
        <label>Version <input part="version-input" type="text" spellcheck="false" placeholder="routed" .value=${this.address.version} @input=${(e: Event) => (this.address = { ...this.address, version: (e.target as HTMLInputElement).value })} /></label>
        <span class="muted">Leave the version empty to let the endpoint route the request; a name or version it does not serve gets 404.</span>
      </div>
      <label for="body">Request body (JSON; press Ctrl+Enter to send)</label>
      <textarea
        id="body"
        part="request-input"
        spellcheck="false"
        rows="12"
        ?disabled=${!schema}
        .value=${this.text ?? ''}
        @input=${(e: Event) => (this.text = (e.target as HTMLTextAreaElement).value)}
        @keydown=${(e: KeyboardEvent) => this.onKey(e)}
      ></textarea>
      <div class="toolbar">
        <button part="send-button" class="primary" ?disabled=${!schema || this.sending || !this.controller.lab} @click=${() => void this.send()}>Send</button>
      </div>
      ${this.renderExchange()} ${this.renderHealth()} ${this.renderStats()}
      ${renderLabNotice(this.controller.notice)}
      <p part="status" class="status" role="status" data-state=${state}>${status}</p>`;
  }

  private renderRouting(): TemplateResult | typeof nothing {
    const snapshot = this.controller.snapshot;
    const routing = this.routing;
    if (!snapshot || !routing) return nothing;
    const d = snapshot.deployed;
    const rollout = rolloutText(snapshot.rollout);
    return html`<p part="routing" class="routing" data-mode=${routing.mode}>
      <strong>Routing now:</strong> ${routingText(routing)}
      <span class="muted">Production: ${d.production ?? 'none'}; candidate: ${d.candidate ?? 'none'}; shadow: ${d.shadow ?? 'none'}.${rollout ? ` ${rollout}` : ''}</span>
    </p>`;
  }

  private renderExchange(): TemplateResult | typeof nothing {
    const x = this.exchange;
    if (!x) return nothing;
    const code = isError(x.response) ? x.response.status : 200;
    return html`<p part="explanation" class="explanation" data-status=${code}>${this.explain(x)}</p>
      <p class="muted">Call: <code part="call">${x.call}</code></p>
      <div class="exchange">
        <div>
          <h3 id="sent-title">Request sent</h3>
          <pre part="request-json" tabindex="0" role="region" aria-label=${landmarkName(this, 'Request sent')}>${formatJson(x.request)}</pre>
        </div>
        <div>
          <h3 id="answer-title">Response (status ${code})</h3>
          <pre part="response-json" tabindex="0" role="region" aria-label=${landmarkName(this, `Response (status ${code})`)} data-status=${code}>${formatJson(x.response)}</pre>
        </div>
      </div>`;
  }

  /** The exchange in words: the parser's message for a body that is not JSON, else the answer explained. */
  private explain(x: Exchange): string {
    if (x.parseError !== undefined && isError(x.response) && x.response.status === 400) return explainJsonError(typeof x.request === 'string' ? x.request : '', x.parseError);
    const words = explainResponse(x.response);
    if (x.version && !isError(x.response) && x.response.model_version !== x.version) {
      return `${words} You asked for ${x.version}, but this lab does not pass a version to its endpoint yet, so the request was routed as usual.`;
    }
    return words;
  }

  private renderHealth(): TemplateResult | typeof nothing {
    const calls = this.health;
    if (calls.length === 0) return nothing;
    const ready = (calls[1]?.answer as { ready?: boolean } | undefined)?.ready === true;
    const keys = ['live', 'ready', 'model-ready', 'metadata'];
    return html`<section part="health" class="health" data-ready=${String(ready)} aria-label=${landmarkName(this, 'Health and metadata')}>
      <h3 id="health-title">Health and metadata</h3>
      <p class="muted">What a client asks before sending requests (the protocol's health and metadata calls), and what this endpoint answers now.</p>
      ${calls.map(
        (c, i) => html`<details part="health-call" data-call=${keys[i] ?? 'call'} ?open=${i < 3}>
          <summary><code>${c.call}</code>: ${c.words}</summary>
          <pre tabindex="0">${formatJson(c.answer)}</pre>
        </details>`,
      )}
    </section>`;
  }

  private renderDataChecks(): TemplateResult | typeof nothing {
    const words = dataCheckWords(this.controller.snapshot?.dataChecks);
    return words === null ? nothing : html`<p part="data-checks">${words}</p>`;
  }

  private renderStats(): TemplateResult | typeof nothing {
    const s = this.stats;
    if (!s) return nothing;
    return html`<h3>Endpoint counters</h3>
      <dl part="stats" class="stats">
        <div><dt>Requests</dt><dd data-field="requests">${s.requests}</dd></div>
        <div><dt>Answered by a model</dt><dd data-field="ok">${s.ok}</dd></div>
        <div><dt>Answered by the fallback</dt><dd data-field="fallback">${s.fallback}</dd></div>
        ${ERROR_KINDS.map((k) => html`<div><dt>${k.status} ${k.words}</dt><dd data-field=${`errors-${k.kind}`}>${s.errors[k.kind] ?? 0}</dd></div>`)}
        <div><dt>Sent by you</dt><dd data-field="learner">${s.learner.requests} (${s.learner.errors} errors)</dd></div>
      </dl>
      ${this.renderDataChecks()}
      ${this.renderLatency()}`;
  }

  /** Latency of the model's answers in the last report window that had any (from the snapshot's health series). */
  private renderLatency(): TemplateResult | typeof nothing {
    const last = [...(this.controller.snapshot?.health ?? [])].reverse().find((h) => h.latency !== null);
    if (!last?.latency) return nothing;
    const ms = (x: number) => `${x.toFixed(2)} ms`;
    return html`<p part="latency" class="muted">
      Latency of the answers to requests ${last.start.toLocaleString('en-US')} to ${(last.end - 1).toLocaleString('en-US')}:
      <span data-field="p50">p50 ${ms(last.latency.p50)}</span>, <span data-field="p95">p95 ${ms(last.latency.p95)}</span>,
      <span data-field="p99">p99 ${ms(last.latency.p99)}</span> (simulated). Half the answers took less than p50; all but 1 in 100 less
      than p99. The monitor charts it over time.
    </p>`;
  }
}
