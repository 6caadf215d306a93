/**
 * The trainer's progress bar and status line as plain functions of its state: what the panel is
 * doing, which epoch of how many, and the sentence a learner reads.
 */
import { html, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { BACKEND_LABELS } from '../../src/compute/describe';
import type { BackendChoice, BackendName, BackendPolicy } from '../../src/compute/types';
import type { SerializedLabError } from '../../src/errors';
import type { EpochLog } from '../../src/model/trainer';
import type { RunOutcome } from '../../src/worker/protocol';
import { doneSentence, errorSentence, formatCount, plural } from '../shared/trainer-text';
import { untilSentence } from './until-accuracy';

/** What the panel is doing; written to the status line's `data-state`. */
export type TrainerState = 'idle' | 'choosing' | 'training' | 'done' | 'error';

/** Where the current run is: the epoch in progress and how much of it is done (0..1). */
export interface Position {
  epoch: number;
  fraction: number;
}

/** What the progress bar and the status line read. */
export interface StatusView {
  state: TrainerState;
  hasPort: boolean;
  choosingPolicy: BackendPolicy | null;
  stopping: boolean;
  activeBackend: BackendName | null;
  choice: BackendChoice | null;
  runEpochs: number;
  runTarget: number | null;
  position: Position;
  history: readonly EpochLog[];
  outcome: RunOutcome | null;
  error: SerializedLabError | null;
}

/** The progress bar and its text. */
export function renderProgress(v: StatusView): TemplateResult {
  let value: number | undefined;
  let text: string;
  const epochs = v.runEpochs;
  const speed = v.history.at(-1)?.samplesPerSec;
  const speedText = speed !== undefined ? ` · ${formatCount(speed)} samples/s` : '';
  if (v.state === 'choosing') {
    value = undefined;
    text = v.choosingPolicy === 'fastest' ? 'Measuring backends…' : 'Choosing a backend…';
  } else if (!epochs) {
    value = 0;
    text = v.state === 'training' ? 'Starting…' : 'No run yet.';
  } else if (v.state === 'done' && v.outcome) {
    value = 1;
    text = `${v.outcome.summary.epochsRun} of ${plural(epochs, 'epoch')} done${speedText}`;
  } else {
    const { epoch, fraction } = v.position;
    value = Math.min(1, (epoch + fraction) / epochs);
    const current = Math.min(epochs, fraction >= 1 ? epoch + 2 : epoch + 1);
    const shown = v.state === 'training' ? current : Math.min(epochs, epoch + 1);
    text = `Epoch ${shown} of ${epochs}${speedText}${v.state === 'error' ? ' · stopped' : ''}`;
  }
  return html`<div part="progress" class="progress">
    <progress aria-label="Training progress" aria-describedby="progress-text" max="1" value=${ifDefined(value)}></progress>
    <span id="progress-text" class="progress-text">${text}</span>
  </div>`;
}

/** The status line's sentence. */
export function statusText(v: StatusView): string {
  switch (v.state) {
    case 'idle':
      return v.hasPort ? 'Ready. Choose the settings, then press Train.' : 'Starting the trainer…';
    case 'choosing':
      return v.choosingPolicy === 'fastest' ? 'Measuring backends… Each one trains your model for a few steps, then the fastest is kept.' : 'Choosing a backend…';
    case 'training':
      if (v.stopping) return 'Stopping…';
      return v.activeBackend ? `Training on ${BACKEND_LABELS[v.activeBackend]}…` : 'Training…';
    case 'done':
      return v.outcome ? `${doneSentence(v.outcome.summary, v.runEpochs)}${untilSentence(v.outcome.summary, v.runTarget, v.runEpochs)}` : 'Done.';
    case 'error': {
      if (!v.error) return 'Something went wrong.';
      const chosenAgain = v.error.code === 'backend-lost' && v.choice?.lost ? v.choice.backend : null;
      return errorSentence(v.error, chosenAgain);
    }
  }
}

/** Any failure as the plain error the status line shows. */
export function toSerialized(error: unknown): SerializedLabError {
  const e = error as Partial<SerializedLabError> & { details?: Record<string, unknown> };
  if (e && typeof e.code === 'string' && typeof e.message === 'string') {
    return e.details ? { code: e.code, message: e.message, details: e.details } : { code: e.code, message: e.message };
  }
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
