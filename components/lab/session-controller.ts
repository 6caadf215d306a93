/**
 * The lab page's settings, link and session, as a Lit ReactiveController of `<mlops-lab>`:
 * - the URL hash (only with `sync-url`, through UrlSync): read on load and on navigation, written
 *   when the settings change, a run starts or a session is restored;
 * - the saved session (SessionKeeper: IndexedDB, else memory): restored on load when there is one and
 *   the link (if any) asks for the same run, saved after every new version or alias move;
 * - the panel's actions: copy link, export / import a session, reset, traffic-log and chart exports.
 * It holds no ML: the Lab builds and checks session files; this only moves them and says what happened.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { toLabError } from '../../src/errors';
import type { LabConfig, LabEvent, LabSnapshot } from '../../src/loop/index';
import { MAX_SESSION_BYTES } from '../../src/loop/persistence/session-error';
import type { SessionFile } from '../../src/loop/persistence/session';
import { configToState, localDataNote, sameState, stateToConfig, type DecodedState, type ShareState, type StateProblem } from '../../src/loop/persistence/share-state';
import type { LabClient } from '../../src/worker/lab-client-core';
import { downloadBlob, downloadChartPngs } from '../shared/chart-png';
import { MlopsSessionChangeEvent } from '../shared/events';
import { shareLink, syncsUrl, UrlSync } from '../shared/url-sync';
import { SESSION_DB_NAME } from '../../src/registry/session-idb';
import { changesSession, SessionKeeper } from './session-keeper';

/** The attribute naming the IndexedDB database of the saved session ("none": no persistence). */
export const SESSION_STORE_ATTRIBUTE = 'session-store';
import type { SessionPanelActions, SessionPanelView } from './session-panel';

/** What the controller needs from `<mlops-lab>`. */
export interface SessionHost extends ReactiveControllerHost, HTMLElement {
  config: LabConfig;
  readonly activeLab: LabClient | null;
  readonly renderRoot: HTMLElement | DocumentFragment;
  /** Whether a run is training (settings are locked then). */
  readonly training: boolean;
  /** Whether the learner has started a run since the page loaded (a saved session is then not restored over it). */
  readonly started: boolean;
  /** Whether the element runs its own Lab (a Lab handed in as \`.lab\` belongs to the page, which persists it if it wants). */
  readonly ownsLab: boolean;
  /** Shows a restored Lab: paused at the start of its stream, with the snapshot it came back with. */
  adoptSession(snapshot: LabSnapshot): void;
  /** Disposes the current run and starts a fresh, idle lab with `config`. */
  startFresh(config: LabConfig): Promise<void>;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A file name part: lower case letters, digits and dashes. */
const slug = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');

/** Settings, link and session of one `<mlops-lab>`. */
export class LabSessionController implements ReactiveController, SessionPanelActions {
  /** Problems of the link the page was opened with (or of the form), in plain words. */
  problems: StateProblem[] = [];
  /** Where the problems come from. */
  problemSource: 'link' | 'form' = 'link';
  /** The link to copy by hand when the clipboard was refused. */
  fallbackLink: string | null = null;
  /** The last thing that happened, in words (a polite live region). */
  status = '';
  /** Resolves once the saved session (if any) was restored or passed over (tests and pages wait on it). */
  restored: Promise<void> = Promise.resolve();
  private keeper: SessionKeeper | null = null;
  private linkState: ShareState | null = null;
  private readonly url: UrlSync;

  constructor(
    private readonly host: SessionHost,
    private readonly defaults: { config: LabConfig; storageName?: string },
  ) {
    this.url = new UrlSync(host, { onState: (decoded) => this.applyLink(decoded) });
    host.addController(this);
  }

  /** 'indexeddb', 'memory', or null while the storage opens. */
  get storageMode(): 'indexeddb' | 'memory' | null {
    return this.keeper?.mode ?? null;
  }

  /** The current settings as share state. */
  get state(): ShareState {
    return configToState(this.host.config);
  }

  /**
   * The IndexedDB database the session is kept in: the \`session-store\` attribute, else the default;
   * null (no persistence) with \`session-store="none"\` or when the element was handed its Lab.
   */
  get storageName(): string | null {
    const name = this.host.getAttribute(SESSION_STORE_ATTRIBUTE) ?? this.defaults.storageName ?? SESSION_DB_NAME;
    return name === 'none' || !this.host.ownsLab ? null : name;
  }

  hostConnected(): void {
    const name = this.storageName;
    if (name && !this.keeper) this.keeper = new SessionKeeper(() => this.host.requestUpdate(), { name });
    this.restored = this.restoreSaved();
  }

  hostDisconnected(): void {
    this.keeper?.dispose();
    this.keeper = null;
  }

  /** What the panel shows. */
  view(hasRun: boolean): SessionPanelView {
    return { state: this.state, settingsDisabled: this.host.training, problems: this.problems, problemSource: this.problemSource, fallbackLink: this.fallbackLink, status: this.status, storageProblem: this.keeper?.problem ?? null, hasRun };
  }

  /** Call for every Lab event: a new version or an alias move saves the session (debounced). */
  onLabEvent(event: LabEvent): void {
    const lab = this.host.activeLab;
    if (lab && this.keeper && changesSession(event)) this.keeper.schedule(lab);
  }

  /** Call when a run starts: the link now names this run. */
  onRunStart(): void {
    this.url.write(this.state);
  }

  private say(status: string): void {
    this.status = status;
    this.host.requestUpdate();
  }

  /** A link's state (on load or navigation): it becomes the settings of the next run. */
  private applyLink(decoded: DecodedState): void {
    this.linkState = decoded.state;
    this.problems = decoded.problems;
    this.problemSource = 'link';
    this.host.config = stateToConfig(decoded.state);
    const st = decoded.state;
    const run = `${st.scenario}, seed ${st.seed}, policy ${st.policy}, ${st.requests.toLocaleString('en-US')} requests`;
    this.say(this.host.started ? `The settings from the link (${run}) apply to the next run.` : `This link's run is ready (${run}): press “Run the whole loop” to replay it.`);
  }

  /** Restores the saved session at start, unless the learner already started or the link asks for another run. */
  private async restoreSaved(): Promise<void> {
    const keeper = this.keeper;
    if (!keeper) return;
    const saved = await keeper.load();
    const lab = this.host.activeLab;
    if (!saved || !lab || this.host.started || keeper !== this.keeper) return;
    const savedState = configToState(saved.config);
    if (this.linkState && !sameState(this.linkState, savedState)) {
      this.say('Your saved session was not restored because this link asks for a different run. Running the link replaces the saved session; export it first to keep it.');
      return;
    }
    try {
      const snapshot = await lab.importSession(saved);
      if (this.host.started) return;
      this.host.config = saved.config;
      this.host.adoptSession(snapshot);
      this.url.write(savedState);
      this.host.dispatchEvent(new MlopsSessionChangeEvent({ action: 'restored', versions: snapshot.versions.length, production: snapshot.deployed.production }));
      this.say(`Restored your saved session: ${this.describe(snapshot)} The stream starts again from its beginning: press Resume to stream, or run the whole loop again for a fresh run.`);
    } catch (error) {
      this.say(`Your saved session could not be restored (${toLabError(error).message}); the lab starts fresh.`);
    }
  }

  private describe(snapshot: LabSnapshot): string {
    return `${plural(snapshot.versions.length, 'version')}, ${snapshot.deployed.production ?? 'no version'} serves production.`;
  }

  private fileStem(): string {
    const s = this.state;
    return `mlops-lab-${slug(s.scenario)}-seed${s.seed}`;
  }

  onSettings = (decoded: DecodedState): void => {
    this.problemSource = 'form';
    this.problems = decoded.problems;
    if (decoded.problems.length) {
      this.say('The settings were not changed: see the problems above.');
      return;
    }
    this.host.config = stateToConfig(decoded.state);
    this.url.write(decoded.state);
    this.say(this.host.started ? 'Settings changed: they apply to the next run.' : 'Settings changed: press “Run the whole loop” to run them.');
  };

  onCopyLink = (): void => {
    const state = this.state;
    const link = shareLink(state);
    this.url.write(state);
    const copied = typeof navigator !== 'undefined' && navigator.clipboard ? navigator.clipboard.writeText(link) : Promise.reject(new Error('no clipboard'));
    void copied.then(
      () => {
        this.fallbackLink = null;
        // A run on the learner's own file: the link cannot carry it, and says so instead of promising a replay.
        const note = localDataNote(this.host.config);
        this.say(note ? `Link copied. ${note}` : 'Link copied: opening it replays this run (same scenario, seed, policy and hyper-parameters).');
      },
      () => {
        this.fallbackLink = link;
        this.say('The browser did not let the lab copy the link; it is selected in the field below.');
        void this.host.updateComplete.then(() => {
          const field = this.host.renderRoot.querySelector<HTMLInputElement>('#share-link');
          field?.focus();
          field?.select();
        });
      },
    );
  };

  onExportSession = (): void => {
    const lab = this.host.activeLab;
    if (!lab) return;
    void lab.exportSession().then(
      (file: SessionFile) => {
        downloadBlob(new Blob([JSON.stringify(file)], { type: 'application/json' }), `${this.fileStem()}-session.json`);
        const production = file.registry.history.filter((m) => m.alias === 'production').at(-1)?.version ?? null;
        this.host.dispatchEvent(new MlopsSessionChangeEvent({ action: 'exported', versions: file.registry.versions.length, production }));
        this.say(`Session exported: ${plural(file.registry.versions.length, 'version')}, ${plural(file.registry.history.length, 'alias move')}, ${plural(file.registry.releases.length, 'release record')}.`);
      },
      (error: unknown) => this.say(`The session could not be exported: ${toLabError(error).message}`),
    );
  };

  onImportSession = (file: File): void => {
    const lab = this.host.activeLab;
    if (!lab) return;
    if (file.size > MAX_SESSION_BYTES) {
      this.say(`The session file was refused: it is ${file.size} bytes, the limit is ${MAX_SESSION_BYTES}. Nothing was changed.`);
      return;
    }
    this.say(`Checking ${file.name}…`);
    void (async () => {
      try {
        const text = await file.text();
        const snapshot = await lab.importSession(text);
        const config = (JSON.parse(text) as SessionFile).config;
        this.host.config = config;
        this.problems = [];
        this.host.adoptSession(snapshot);
        this.url.write(configToState(config));
        await this.keeper?.saveNow(lab);
        this.host.dispatchEvent(new MlopsSessionChangeEvent({ action: 'imported', versions: snapshot.versions.length, production: snapshot.deployed.production }));
        this.say(`Session imported from ${file.name}: ${this.describe(snapshot)} The stream starts again from its beginning.`);
      } catch (error) {
        this.say(`The session file was refused: ${toLabError(error).message}. Nothing was changed.`);
      }
    })();
  };

  onAskReset = (): void => {
    this.host.renderRoot.querySelector<HTMLDialogElement>('dialog[part="reset-dialog"]')?.showModal();
  };

  onConfirmReset = (): void => {
    this.host.renderRoot.querySelector<HTMLDialogElement>('dialog[part="reset-dialog"]')?.close();
    void (async () => {
      await this.keeper?.clear();
      this.problems = [];
      this.fallbackLink = null;
      this.linkState = null;
      if (syncsUrl(this.host)) history.replaceState(history.state, '', `${location.pathname}${location.search}`);
      await this.host.startFresh(this.defaults.config);
      this.host.dispatchEvent(new MlopsSessionChangeEvent({ action: 'reset', versions: 0, production: null }));
      this.say(this.keeper?.mode === 'memory' ? 'The lab was reset: a fresh lab with the default settings.' : 'The lab was reset: the saved session was deleted and a fresh lab with the default settings started.');
    })();
  };

  onExportLog = (format: 'csv' | 'jsonl'): void => {
    const lab = this.host.activeLab;
    if (!lab) return;
    void lab.exportLog(format).then(
      (text) => {
        const rows = text.trimEnd().split('\n').length - (format === 'csv' ? 1 : 0);
        downloadBlob(new Blob([text], { type: format === 'csv' ? 'text/csv' : 'application/x-ndjson' }), `${this.fileStem()}-traffic.${format}`);
        this.say(`Traffic log exported: ${plural(text.trim() === '' ? 0 : rows, 'answered request')} (${format === 'csv' ? 'CSV' : 'JSON Lines'}).`);
      },
      (error: unknown) => this.say(`The traffic log could not be exported: ${toLabError(error).message}`),
    );
  };

  onChartsPng = (): void => {
    void downloadChartPngs(this.host.renderRoot).then(
      (names) => this.say(names.length ? `Downloaded ${plural(names.length, 'chart')} as PNG: ${names.join(', ')}.` : 'No chart is drawn yet.'),
      (error: unknown) => this.say(`The charts could not be saved: ${(error as Error).message}`),
    );
  };
}
