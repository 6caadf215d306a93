/**
 * Shared by the "Train pressed right after load" browser tests: a fresh `<mlops-trainer>` (so a
 * fresh worker, where TF.js has started nothing yet) with a backend attribute, Train clicked as soon
 * as the button is there, and the run's end (or error) event.
 */
import '../../components/trainer/mlops-trainer';
import type { MlopsTrainer } from '../../components/trainer/trainer.component';

/** How the run that the click started ended. */
export interface ClickOutcome {
  backend: string | null;
  error: { code: string; message: string } | null;
  testAccuracy: number | null;
  state: string;
}

/** Adds a trainer with `backend="<policy>"`, clicks Train at its first render, waits for the run to end. */
export async function trainRightAfterLoad(policy: string): Promise<ClickOutcome> {
  const el = document.createElement('mlops-trainer') as MlopsTrainer;
  el.setAttribute('backend', policy);
  el.setAttribute('epochs', '3');
  el.setAttribute('samples', '200');
  const ended = new Promise<ClickOutcome>((resolve) => {
    el.addEventListener('mlops-train-end', (e) => {
      const detail = (e as unknown as CustomEvent<{ backend: string; summary: { test: { accuracy: number } } }>).detail;
      resolve({ backend: detail.backend, error: null, testAccuracy: detail.summary.test.accuracy, state: 'done' });
    });
    el.addEventListener('mlops-train-error', (e) => {
      const detail = (e as unknown as CustomEvent<{ code: string; message: string }>).detail;
      resolve({ backend: null, error: { code: detail.code, message: detail.message }, testAccuracy: null, state: 'error' });
    });
  });
  document.body.append(el);
  try {
    await el.updateComplete;
    const button = el.shadowRoot?.querySelector<HTMLButtonElement>('button.train');
    if (!button || button.disabled) throw new Error('the Train button is not there or is disabled at first render');
    button.click();
    return await ended;
  } finally {
    el.remove();
  }
}
