/**
 * The base styles the monitor, alerts and registry views share (panel, headings, tables, buttons,
 * focus ring, status line). Every colour comes from a theme custom property with the trainer's
 * defaults (at least 4.5:1 on the default surface); dark defaults apply under
 * `prefers-color-scheme: dark` unless the page sets the properties itself. Panels use
 * `content-visibility: auto`: off screen, the browser skips rendering them until they near the viewport.
 */
import { css, unsafeCSS } from 'lit';
import { THEME_DEFAULTS } from '../trainer/trainer.styles';

/** Dark-scheme defaults of the same properties (contrast checked against the dark surface). */
export const DARK_DEFAULTS: Record<keyof typeof THEME_DEFAULTS, string> = {
  '--mlops-font': THEME_DEFAULTS['--mlops-font'],
  '--mlops-surface': '#16191d',
  '--mlops-text': '#e6e8eb',
  '--mlops-muted': '#a9b1ba',
  '--mlops-border': '#8b949e',
  '--mlops-accent': '#7eb3ff',
  '--mlops-accent-2': '#ffab70',
  '--mlops-danger': '#ff8a80',
  '--mlops-tint': '#1f2a3a',
};

/** A theme property with its default, for use inside `css`. */
export function themed(name: keyof typeof THEME_DEFAULTS) {
  return unsafeCSS(`var(${name}, var(--_d${name.slice(1)}))`);
}

function defaults(values: Record<string, string>) {
  return unsafeCSS(Object.entries(values).map(([k, v]) => `--_d${k.slice(1)}: ${v};`).join('\n'));
}

/** Reads a theme property of `element` (its computed value, else the default of the current scheme). */
export function readTheme(element: Element, name: keyof typeof THEME_DEFAULTS): string {
  const style = getComputedStyle(element);
  return style.getPropertyValue(name).trim() || style.getPropertyValue(`--_d${name.slice(1)}`).trim() || THEME_DEFAULTS[name];
}

/** The shared panel styles. */
export const viewStyles = css`
  :host {
    ${defaults(THEME_DEFAULTS)}
    display: block;
    box-sizing: border-box;
    font-family: ${themed('--mlops-font')};
    color: ${themed('--mlops-text')};
    background: ${themed('--mlops-surface')};
    border: 1px solid ${themed('--mlops-border')};
    border-radius: 8px;
    padding: 1rem;
    line-height: 1.4;
    /* A panel far off screen skips style, layout and paint while its text updates (a stream changes
       every view several times a second); it renders as soon as it nears the viewport. 'auto' keeps
       the size it last rendered at as its placeholder, so the page does not jump. */
    content-visibility: auto;
    contain-intrinsic-size: auto 600px;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      ${defaults(DARK_DEFAULTS)}
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
    outline: 3px solid ${themed('--mlops-accent')};
    outline-offset: 2px;
  }
  h2,
  h3 {
    margin: 0 0 0.5rem;
    line-height: 1.2;
  }
  h2 {
    font-size: 1.15rem;
  }
  h3 {
    font-size: 1rem;
  }
  p {
    margin: 0 0 0.5rem;
  }
  .muted {
    color: ${themed('--mlops-muted')};
    font-size: 0.875rem;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-size: 0.875rem;
  }
  caption {
    text-align: left;
    font-weight: 700;
    padding-bottom: 0.3rem;
  }
  th,
  td {
    border-bottom: 1px solid ${themed('--mlops-border')};
    padding: 0.3rem 0.5rem;
    text-align: left;
    vertical-align: top;
  }
  .num {
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  .scroll {
    overflow-x: auto;
  }
  button {
    font: inherit;
    font-weight: 600;
    border-radius: 6px;
    padding: 0.35rem 0.9rem;
    cursor: pointer;
    background: ${themed('--mlops-surface')};
    color: ${themed('--mlops-text')};
    border: 2px solid ${themed('--mlops-border')};
  }
  button.primary {
    background: ${themed('--mlops-accent')};
    color: ${themed('--mlops-surface')};
    border-color: ${themed('--mlops-accent')};
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.55;
  }
  .status {
    margin: 0.5rem 0 0;
    padding: 0.4rem 0.6rem;
    border-radius: 4px;
    border: 1px solid ${themed('--mlops-border')};
    min-height: 2.2rem;
  }
  .status[data-state='error'] {
    border: 2px solid ${themed('--mlops-danger')};
    color: ${themed('--mlops-danger')};
    font-weight: 600;
  }
  .tag {
    display: inline-block;
    border-radius: 999px;
    padding: 0 0.5rem;
    font-size: 0.8rem;
    font-weight: 700;
    border: 1px solid ${themed('--mlops-border')};
    background: ${themed('--mlops-tint')};
    margin: 0 0.2rem 0.1rem 0;
  }
`;
