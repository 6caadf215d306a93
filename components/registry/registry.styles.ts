/**
 * Styles of `<mlops-registry>`: the shared view styles plus alias tags and the action column.
 */
import { css } from 'lit';
import { themed, viewStyles } from '../monitor/view.styles';

/** The element's styles. */
export const registryStyles = [
  viewStyles,
  css`
    section {
      margin-bottom: 1rem;
    }
    .toolbar {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem;
      align-items: center;
      margin-bottom: 0.75rem;
    }
    .tag[data-alias='production'] {
      background: ${themed('--mlops-accent')};
      color: ${themed('--mlops-surface')};
      border-color: ${themed('--mlops-accent')};
    }
    tr[data-production] {
      background: ${themed('--mlops-tint')};
    }
    td.actions {
      white-space: nowrap;
    }
  `,
];
