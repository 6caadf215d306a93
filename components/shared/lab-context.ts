/**
 * The Lab as a Lit context: `<mlops-lab>` provides its LabClient, and every element inside it (light
 * or shadow DOM) receives the same one through a LabController. The key is a string, not a Symbol,
 * so two copies of this module on one page (a course page loading the bundle twice) still match.
 */
import { ContextRoot, createContext } from '@lit/context';
import type { LabClient } from '../../src/worker/lab-client';

/** The context that carries the page's Lab (null until the provider has one). */
export const labContext = createContext<LabClient | null>('mlops-lab');

let rooted = false;

/**
 * Attaches one ContextRoot to the document (once): it holds context requests that no provider
 * answered yet and replays them when a provider appears, so an element upgraded before its
 * enclosing `<mlops-lab>` still gets the shared Lab.
 */
export function attachLabContextRoot(): void {
  if (rooted || typeof document === 'undefined') return;
  rooted = true;
  new ContextRoot().attach(document.documentElement);
}
