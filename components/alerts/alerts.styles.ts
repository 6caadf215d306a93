/**
 * Styles of `<mlops-alerts>`: the shared view styles plus severity colours and the per-day bars.
 */
import { css } from 'lit';
import { themed, viewStyles } from '../monitor/view.styles';
import { narrowStyles } from '../shared/narrow.styles';

/** The element's styles. */
export const alertsStyles = [
  viewStyles,
  narrowStyles,
  css`
    section {
      margin-bottom: 1rem;
    }
    ul.active {
      list-style: none;
      padding: 0;
      margin: 0;
      display: grid;
      gap: 0.5rem;
    }
    ul.active li {
      border: 1px solid ${themed('--mlops-border')};
      border-left: 5px solid ${themed('--mlops-accent')};
      border-radius: 4px;
      padding: 0.4rem 0.6rem;
    }
    ul.active li[data-severity='critical'] {
      border-left-color: ${themed('--mlops-danger')};
    }
    .sev[data-severity='critical'] {
      color: ${themed('--mlops-danger')};
      border-color: ${themed('--mlops-danger')};
    }
    .bar {
      display: inline-block;
      height: 0.7rem;
      background: ${themed('--mlops-accent')};
      vertical-align: middle;
      margin-right: 0.4rem;
    }
    .explain {
      font-size: 0.85rem;
    }
    tr[data-open] td:first-child {
      font-weight: 700;
    }
  `,
];
