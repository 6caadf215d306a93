/**
 * Styles of `<mlops-dataset>`: the shared view styles plus the phase tags of the ground truth.
 */
import { css } from 'lit';
import { themed, viewStyles } from '../monitor/view.styles';
import { narrowStyles } from '../shared/narrow.styles';

/** The element's styles. */
export const datasetStyles = [
  viewStyles,
  narrowStyles,
  css`
    section {
      margin-bottom: 1rem;
    }
    .classes {
      margin: 0 0 0.75rem;
    }
    tr[data-phase='under way'] {
      background: ${themed('--mlops-tint')};
    }
    .tag {
      white-space: nowrap;
    }
    .tag[data-phase='under way'] {
      background: ${themed('--mlops-accent')};
      color: ${themed('--mlops-surface')};
      border-color: ${themed('--mlops-accent')};
    }
  `,
];
