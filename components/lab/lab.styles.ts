/**
 * Styles of `<mlops-lab>` and the light and dark themes of every element inside it. The theme is a
 * set of CSS custom properties declared on the lab's host; elements in its shadow tree inherit them.
 * Light defaults keep at least 4.5:1 contrast for text on the surface, the dark set (chosen when the
 * system prefers dark) does the same on the dark surface. A page overrides any of them on the element
 * itself: `mlops-lab { --mlops-accent: #7a1fa2; }`.
 */
import { css } from 'lit';
import { narrowStyles } from '../shared/narrow.styles';

/** The element's styles. */
export const labStyles = css`
  ${narrowStyles}
  :host {
    --mlops-font: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    --mlops-page: #f6f8fa;
    --mlops-surface: #ffffff;
    --mlops-text: #1f2328;
    --mlops-muted: #525a63;
    --mlops-border: #6e7781;
    --mlops-accent: #1a56b0;
    --mlops-on-accent: #ffffff;
    --mlops-accent-2: #a3410b;
    --mlops-danger: #b3261e;
    --mlops-on-danger: #ffffff;
    --mlops-success: #1a7f37;
    --mlops-tint: #eef3fb;
    display: block;
    box-sizing: border-box;
    font-family: var(--mlops-font);
    color: var(--mlops-text);
    background: var(--mlops-page);
    line-height: 1.45;
    color-scheme: light;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --mlops-page: #0d1117;
      --mlops-surface: #161b22;
      --mlops-text: #e6edf3;
      --mlops-muted: #a1aab5;
      --mlops-border: #8b949e;
      --mlops-accent: #6cb6ff;
      --mlops-on-accent: #0d1117;
      --mlops-accent-2: #f0883e;
      --mlops-danger: #ff7b72;
      --mlops-on-danger: #0d1117;
      --mlops-success: #56d364;
      --mlops-tint: #1b2a40;
      color-scheme: dark;
    }
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: 3px solid var(--mlops-accent);
    outline-offset: 2px;
  }
  .guide {
    background: var(--mlops-surface);
    border: 1px solid var(--mlops-border);
    border-radius: 8px;
    padding: 1rem;
    margin-bottom: 1rem;
  }
  .guide h2 {
    margin: 0 0 0.25rem;
    font-size: 1.25rem;
  }
  .lede {
    margin: 0 0 0.75rem;
    max-width: 52rem;
  }
  .controls {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 0.75rem;
    align-items: center;
  }
  button,
  select {
    font: inherit;
    border-radius: 6px;
    border: 1px solid var(--mlops-border);
    background: var(--mlops-surface);
    color: var(--mlops-text);
    padding: 0.4rem 0.85rem;
    min-height: 2.25rem;
  }
  button {
    cursor: pointer;
  }
  button.primary {
    background: var(--mlops-accent);
    border-color: var(--mlops-accent);
    color: var(--mlops-on-accent);
    font-weight: 600;
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  label {
    display: inline-flex;
    gap: 0.4rem;
    align-items: center;
  }
  .badge {
    display: inline-block;
    border-radius: 999px;
    padding: 0.1rem 0.6rem;
    background: var(--mlops-tint);
    border: 1px solid var(--mlops-border);
    font-size: 0.9rem;
  }
  .caption {
    margin: 0.75rem 0 0.5rem;
    min-height: 3em;
    font-size: 1.05rem;
  }
  .caption[data-phase='error'] {
    color: var(--mlops-danger);
  }
  progress {
    width: 100%;
    height: 0.6rem;
    accent-color: var(--mlops-accent);
  }
  .steps {
    list-style: none;
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
    padding: 0;
    margin: 0.75rem 0 0;
  }
  .steps li {
    border: 1px solid var(--mlops-border);
    border-radius: 999px;
    padding: 0.1rem 0.7rem;
    font-size: 0.9rem;
    color: var(--mlops-muted);
  }
  .steps li[data-reached] {
    border-color: var(--mlops-success);
    color: var(--mlops-text);
    background: var(--mlops-tint);
  }
  .steps li[data-reached]::before {
    content: '✓ ';
    color: var(--mlops-success);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .scoreboard {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr));
    gap: 0.5rem 1rem;
    margin: 0.75rem 0 0;
  }
  .scoreboard div {
    display: flex;
    flex-direction: column;
  }
  .scoreboard dt {
    font-size: 0.8rem;
    color: var(--mlops-muted);
  }
  .scoreboard dd {
    margin: 0;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .log {
    margin-top: 0.75rem;
  }
  .log summary {
    cursor: pointer;
    font-weight: 600;
  }
  .log ol {
    margin: 0.5rem 0 0;
    padding-left: 1.25rem;
    max-height: 16rem;
    overflow-y: auto;
  }
  .log .at {
    color: var(--mlops-muted);
    font-variant-numeric: tabular-nums;
    margin-right: 0.35rem;
  }
  .board {
    display: grid;
    gap: 1rem;
    grid-template-columns: minmax(18rem, 30rem) minmax(0, 1fr);
    align-items: start;
  }
  @media (max-width: 52rem) {
    .board {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  .views {
    display: grid;
    gap: 1rem;
    min-width: 0;
    /* One column as wide as the board gives it, never as wide as a child's minimum content (phones). */
    grid-template-columns: minmax(0, 1fr);
  }
  .board > *,
  .views > * {
    min-width: 0;
    max-width: 100%;
  }
  .views > [data-focus] {
    outline: 3px solid var(--mlops-accent);
    outline-offset: 4px;
    border-radius: 8px;
  }
`;
