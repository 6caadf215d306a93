/**
 * Styles of `<mlops-csv>`: the shared view styles plus the drop zone, the problems list and the form grid.
 */
import { css } from 'lit';
import { themed, viewStyles } from '../monitor/view.styles';
import { narrowStyles } from '../shared/narrow.styles';

/** The element's styles. */
export const csvStyles = [
  viewStyles,
  narrowStyles,
  css`
    .drop {
      display: block;
      border: 2px dashed ${themed('--mlops-border')};
      border-radius: 6px;
      padding: 1rem;
      text-align: center;
      cursor: pointer;
    }
    .drop[data-over] {
      background: ${themed('--mlops-tint')};
      border-color: ${themed('--mlops-accent')};
    }
    .drop input {
      display: block;
      margin: 0.5rem auto 0;
    }
    .grid {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      align-items: end;
      margin: 0.5rem 0;
    }
    .grid label {
      display: flex;
      flex-direction: column;
      gap: 0.2rem;
    }
    .notes li,
    .problems li {
      margin-bottom: 0.25rem;
    }
    tr[data-role='label'] {
      background: ${themed('--mlops-tint')};
    }
    tr[data-role='ignored'] {
      color: ${themed('--mlops-muted')};
    }
    [data-state='error'] {
      color: ${themed('--mlops-danger')};
    }
    .problems {
      max-height: 16rem;
      overflow: auto;
    }
    section {
      margin-bottom: 1rem;
    }
    .reading {
      display: flex;
      align-items: center;
      gap: 0.75rem;
      margin: -0.25rem 0 0.75rem;
    }
    .reading progress {
      flex: 1;
      max-width: 24rem;
    }
  `,
];
