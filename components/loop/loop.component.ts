import { firstRenderTurn } from '../shared/render-queue';
import { html, LitElement, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { INCIDENT_STATION, type IncidentKind } from '../../src/loop/drills/incidents';
import type { LabEvent, LabSnapshot } from '../../src/loop/index';
import { STATIONS, type Station } from '../../src/loop/engine/stations';
import type { LabClient } from '../../src/worker/lab-client';
import { MlopsStationSelectEvent } from '../shared/events';
import { LabController } from '../shared/lab-controller';
import { renderLabNotice } from '../shared/lab-notice';
import { loopStyles } from './loop.styles';
import { alertStation, STATION_EXPLANATIONS, STATION_NAMES } from './station-text';

/** Incidents kept per station (the most recent). */
const INCIDENTS_KEPT = 5;

/** What is marked on one station: the active alerts and the incidents that happened there. */
export interface StationMarks {
  alerts: string[];
  incidents: string[];
}

/** Where station `i` of 6 sits on the ring, in percent of the ring's box (clockwise from the top; a fraction is between two). */
function place(i: number): { x: number; y: number } {
  const angle = (i / STATIONS.length) * 2 * Math.PI;
  return { x: 50 + 38 * Math.sin(angle), y: 50 - 38 * Math.cos(angle) };
}

function isIncident(kind: string): kind is IncidentKind {
  return Object.hasOwn(INCIDENT_STATION, kind);
}

/**
 * The MLOps loop as a cycle of six stations: data -> train -> evaluate -> deploy -> observe ->
 * feedback -> data. The station the Lab is at is lit; active alerts and past incidents are counted on
 * the station they belong to. Each station is a button: activating it (click, Enter or Space)
 * explains the station in two plain sentences and fires `mlops-station-select`, so a page can bring
 * the view that shows that station into sight. Arrow keys move between stations. It holds no lab
 * logic: it renders the Lab's events and snapshots (from `.lab`, an enclosing `<mlops-lab>`, or a Lab
 * of its own when alone on a page).
 *
 * @summary The six stations of the MLOps loop, the active one lit, alerts and incidents on theirs.
 *
 * @fires mlops-station-select - A station was activated; `detail` is `{ station, explanation }`.
 *
 * @csspart ring - The square holding the cycle.
 * @csspart station - Each station button (`data-station` names it, `data-active` marks the active one).
 * @csspart centre - The middle of the ring: the station the Lab is at now.
 * @csspart explanation - The explanation of the selected station (a polite live region).
 * @csspart notice - What to know about the element's own Lab: default settings used (a bad attribute or shared link), or it runs in the page rather than a Web Worker.
 *
 * @cssproperty --mlops-font - Font family.
 * @cssproperty --mlops-surface - Background of the panel and the stations.
 * @cssproperty --mlops-text - Text colour.
 * @cssproperty --mlops-muted - Secondary text.
 * @cssproperty --mlops-border - The ring, its arrows and the station outlines.
 * @cssproperty --mlops-accent - The active station and the focus ring.
 * @cssproperty --mlops-accent-2 - Incident badges.
 * @cssproperty --mlops-danger - Alert badges.
 * @cssproperty --mlops-on-danger - Text on the badges.
 * @cssproperty --mlops-tint - Background of the active station.
 */
export class MlopsLoop extends LitElement {
  static override styles = loopStyles;

  /** The first render waits for its turn in the page's render queue (first renders spread over frames). */
  protected override async scheduleUpdate(): Promise<void> {
    if (!this.hasUpdated) await firstRenderTurn(this);
    super.scheduleUpdate();
  }

  static override properties = {
    lab: { attribute: false },
    selected: { type: String, reflect: true },
  };

  /** The Lab to show (optional: else the enclosing `<mlops-lab>`'s, else one of its own). */
  lab: LabClient | null = null;
  /** The station whose explanation is shown (set by activating a station, or by the page). */
  selected: Station | null = null;

  private current: { station: Station; why: string } | null = null;
  private readonly incidents = new Map<Station, string[]>();
  private readonly controller = new LabController(this, {
    explicit: () => this.lab,
    onEvent: (event) => this.onLabEvent(event),
    onSnapshot: (snapshot) => this.onLabSnapshot(snapshot),
    onLabChange: () => {
      this.current = null;
      this.incidents.clear();
    },
    onRunChange: () => {
      this.current = null;
      this.incidents.clear();
    },
  });

  /** The LabController behind this element (its Lab, latest snapshot, recent events, error). */
  get labController(): LabController {
    return this.controller;
  }

  /** The station the Lab is at now (null before the Lab says). */
  get active(): Station | null {
    return this.current?.station ?? null;
  }

  /** What is marked on each station now. */
  get marks(): Record<Station, StationMarks> {
    const marks = Object.fromEntries(STATIONS.map((s) => [s, { alerts: [] as string[], incidents: [...(this.incidents.get(s) ?? [])] }])) as Record<Station, StationMarks>;
    for (const alert of this.controller.snapshot?.alerts ?? []) marks[alertStation(alert.rule)].alerts.push(alert.rule);
    return marks;
  }

  /** Selects a station: shows its explanation and fires `mlops-station-select`. */
  select(station: Station): void {
    this.selected = station;
    this.dispatchEvent(new MlopsStationSelectEvent({ station, explanation: STATION_EXPLANATIONS[station] }));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('lab')) this.controller.sync();
  }

  private onLabEvent(event: LabEvent): void {
    if (event.type === 'station') this.current = { station: event.station, why: event.why };
    else if (event.type === 'incident' && isIncident(event.incident)) this.mark(INCIDENT_STATION[event.incident], event.incident);
    else if (event.type === 'training-failed') this.mark('train', event.code);
  }

  private onLabSnapshot(snapshot: LabSnapshot): void {
    if (this.current?.station !== snapshot.station) this.current = { station: snapshot.station, why: '' };
  }

  private mark(station: Station, what: string): void {
    const list = this.incidents.get(station) ?? [];
    list.push(what);
    if (list.length > INCIDENTS_KEPT) list.shift();
    this.incidents.set(station, list);
  }

  private onKeydown(event: KeyboardEvent, i: number): void {
    const step = event.key === 'ArrowRight' || event.key === 'ArrowDown' ? 1 : event.key === 'ArrowLeft' || event.key === 'ArrowUp' ? -1 : 0;
    const target = event.key === 'Home' ? 0 : event.key === 'End' ? STATIONS.length - 1 : step ? (i + step + STATIONS.length) % STATIONS.length : -1;
    if (target < 0) return;
    event.preventDefault();
    this.renderRoot.querySelector<HTMLButtonElement>(`button[data-station="${STATIONS[target]}"]`)?.focus();
  }

  private renderRing(): TemplateResult {
    // One arrowhead on the ring half way between two stations, along the ring's clockwise tangent:
    // a long, notched head (6.4 long, 4.8 wide), so the direction reads at a glance even when small.
    const arcs = STATIONS.map((_, i) => {
      const mid = place(i + 0.5);
      const angle = ((i + 0.5) / STATIONS.length) * 360;
      return svg`<path class="arrow" d="M -3.2 -2.4 L 3.2 0 L -3.2 2.4 L -1.4 0 Z" transform="translate(${mid.x} ${mid.y}) rotate(${angle})"></path>`;
    });
    return html`<svg viewBox="0 0 100 100" aria-hidden="true" focusable="false">
      <circle class="track" cx="50" cy="50" r="38"></circle>
      ${arcs}
    </svg>`;
  }

  private renderStation(station: Station, i: number, marks: StationMarks): TemplateResult {
    const { x, y } = place(i);
    const active = this.active === station;
    const name = STATION_NAMES[station];
    return html`<button
      class="station"
      part="station"
      type="button"
      style="left: ${x}%; top: ${y}%"
      data-station=${station}
      ?data-active=${active}
      aria-pressed=${this.selected === station ? 'true' : 'false'}
      title=${marks.alerts.concat(marks.incidents).join(', ') || name}
      @click=${() => this.select(station)}
      @keydown=${(e: KeyboardEvent) => this.onKeydown(e, i)}
    >
      <span>${name}</span>
      ${active ? html`<span class="now">now</span>` : nothing}
      ${marks.alerts.length ? html`<span class="badge" data-kind="alert">${marks.alerts.length} alert${marks.alerts.length === 1 ? '' : 's'}</span>` : nothing}
      ${marks.incidents.length ? html`<span class="badge incident" data-kind="incident">${marks.incidents.length} incident${marks.incidents.length === 1 ? '' : 's'}</span>` : nothing}
    </button>`;
  }

  protected override render(): TemplateResult {
    const marks = this.marks;
    const shown = this.selected;
    return html`
      <div class="ring" part="ring" role="group" aria-label="The MLOps loop: six stations in a cycle">
        ${this.renderRing()} ${STATIONS.map((s, i) => this.renderStation(s, i, marks[s]))}
        <div class="centre" part="centre">
          ${this.current
            ? html`<p class="muted">The lab is at</p>
                <p><strong>${STATION_NAMES[this.current.station]}</strong></p>`
            : html`<p class="muted">${this.controller.error ? this.controller.error.message : 'Waiting for the lab'}</p>`}
        </div>
      </div>
      <div class="explain" part="explanation" aria-live="polite">
        ${shown
          ? html`<h3>${STATION_NAMES[shown]}</h3>
              <p>${STATION_EXPLANATIONS[shown]}</p>
              ${this.current?.station === shown && this.current.why ? html`<p class="why">Now: ${this.current.why}.</p>` : nothing}`
          : html`<p class="why">Choose a station to see what happens there.</p>`}
      </div>
      ${renderLabNotice(this.controller.notice)}
    `;
  }
}
