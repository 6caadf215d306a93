/**
 * Styles of `<mlops-endpoint>`: the shared view styles plus the form, the JSON blocks side by side
 * (stacked on narrow screens) and the counters.
 */
import { css } from 'lit';
import { themed, viewStyles } from '../monitor/view.styles';
import { narrowStyles } from '../shared/narrow.styles';

/** The element's styles. */
export const endpointStyles = [
  viewStyles,
  narrowStyles,
  css`
    .examples,
    .toolbar {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      margin: 0.5rem 0;
    }
    label {
      display: block;
      font-weight: 600;
      margin: 0.5rem 0 0.25rem;
    }
    textarea,
    pre {
      font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
      font-size: 0.8rem;
      width: 100%;
      color: ${themed('--mlops-text')};
      background: ${themed('--mlops-tint')};
      border: 1px solid ${themed('--mlops-border')};
      border-radius: 6px;
      padding: 0.5rem;
    }
    textarea {
      resize: vertical;
    }
    .address {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1rem;
      align-items: end;
      margin: 0.5rem 0;
    }
    .address label {
      margin: 0;
    }
    .address input {
      display: block;
      font: inherit;
      font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
      width: 10rem;
      max-width: 100%;
      padding: 0.3rem 0.5rem;
      color: ${themed('--mlops-text')};
      background: ${themed('--mlops-surface')};
      border: 1px solid ${themed('--mlops-border')};
      border-radius: 6px;
    }
    .address .muted {
      flex-basis: 100%;
    }
    pre {
      margin: 0;
      max-height: 18rem;
      overflow: auto;
      white-space: pre;
    }
    pre[data-status]:not([data-status='200']) {
      border: 2px solid ${themed('--mlops-danger')};
    }
    .exchange {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr));
      gap: 0.75rem;
      margin-bottom: 0.75rem;
    }
    .explanation {
      font-weight: 600;
    }
    .explanation:not([data-status='200']) {
      color: ${themed('--mlops-danger')};
    }
    .routing {
      margin: 0 0 0.75rem;
    }
    .routing .muted {
      display: block;
    }
    .health details {
      margin: 0.25rem 0;
    }
    .health summary {
      cursor: pointer;
    }
    .health pre {
      max-height: 12rem;
      margin-top: 0.25rem;
    }
    .stats {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr));
      gap: 0.25rem 0.75rem;
      margin: 0;
      font-size: 0.875rem;
    }
    .stats dt {
      color: ${themed('--mlops-muted')};
    }
    .stats dd {
      margin: 0;
      font-weight: 700;
      font-variant-numeric: tabular-nums;
    }
  `,
];
