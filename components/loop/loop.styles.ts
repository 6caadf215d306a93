/**
 * Styles of `<mlops-loop>`: a square ring, the stations as round buttons on it, the explanation in
 * the middle. Colours come from the theme's custom properties (defaults at 4.5:1 or better).
 */
import { css } from 'lit';
import { narrowStyles } from '../shared/narrow.styles';

/** The element's styles. */
export const loopStyles = css`
  ${narrowStyles}
  :host {
    display: block;
    box-sizing: border-box;
    font-family: var(--mlops-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    color: var(--mlops-text, #1f2328);
    background: var(--mlops-surface, #ffffff);
    border: 1px solid var(--mlops-border, #6e7781);
    border-radius: 8px;
    padding: 0.75rem;
    line-height: 1.35;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  .ring {
    position: relative;
    width: 100%;
    max-width: 30rem;
    margin: 0 auto;
    aspect-ratio: 1;
    /* Station names scale with the ring, so "Feedback" fits its circle on a phone. */
    container-type: inline-size;
  }
  svg {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    overflow: visible;
  }
  .track {
    fill: none;
    stroke: var(--mlops-border, #6e7781);
    stroke-width: 1.2;
  }
  .arrow {
    fill: var(--mlops-text, #1f2328);
  }
  button.station {
    position: absolute;
    transform: translate(-50%, -50%);
    width: 23%;
    min-width: 5.5rem;
    aspect-ratio: 1;
    border-radius: 50%;
    border: 2px solid var(--mlops-border, #6e7781);
    background: var(--mlops-surface, #ffffff);
    color: var(--mlops-text, #1f2328);
    font: inherit;
    font-size: clamp(0.72rem, 4cqi, 1rem);
    font-weight: 600;
    overflow-wrap: normal;
    cursor: pointer;
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: 0.15rem;
    padding: 0.25rem;
  }
  button.station:hover {
    background: var(--mlops-tint, #eef3fb);
  }
  button.station[data-active] {
    border-color: var(--mlops-accent, #1a56b0);
    border-width: 4px;
    background: var(--mlops-tint, #eef3fb);
    box-shadow: 0 0 0 4px color-mix(in srgb, var(--mlops-accent, #1a56b0) 25%, transparent);
  }
  button.station[aria-pressed='true'] {
    outline: 2px dashed var(--mlops-accent, #1a56b0);
    outline-offset: 3px;
  }
  button.station:focus-visible {
    outline: 3px solid var(--mlops-accent, #1a56b0);
    outline-offset: 3px;
  }
  .now {
    font-size: 0.75rem;
    font-weight: 600;
    color: var(--mlops-accent, #1a56b0);
  }
  .badge {
    font-size: 0.72rem;
    font-weight: 600;
    border-radius: 999px;
    padding: 0 0.45rem;
    background: var(--mlops-danger, #b3261e);
    color: var(--mlops-on-danger, #ffffff);
  }
  .badge.incident {
    background: var(--mlops-accent-2, #a3410b);
    color: var(--mlops-on-danger, #ffffff);
  }
  .centre {
    position: absolute;
    left: 50%;
    top: 50%;
    transform: translate(-50%, -50%);
    width: 44%;
    text-align: center;
    font-size: 0.85rem;
  }
  .centre p {
    margin: 0;
  }
  .centre .muted,
  .why {
    color: var(--mlops-muted, #525a63);
  }
  .explain {
    margin-top: 0.75rem;
    min-height: 4.5rem;
  }
  .explain h3 {
    margin: 0 0 0.25rem;
    font-size: 1rem;
  }
  .explain p {
    margin: 0 0 0.25rem;
  }
  @media (prefers-reduced-motion: no-preference) {
    button.station {
      transition: border-color 0.2s, box-shadow 0.2s;
    }
  }
`;
