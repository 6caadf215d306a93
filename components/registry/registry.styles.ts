/**
 * Styles of `<mlops-registry>`: the shared view styles plus alias tags and the action column.
 */
import { css } from 'lit';
import { themed, viewStyles } from '../monitor/view.styles';
import { narrowStyles } from '../shared/narrow.styles';

/** The element's styles. */
export const registryStyles = [
  viewStyles,
  narrowStyles,
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
    /* The focusable region around each table scrolls, not the table: keyboard users can reach it (axe scrollable-region-focusable). */
    .scroll {
      max-width: 100%;
      overflow-x: auto;
    }
    .scroll > table {
      display: table;
      overflow: visible;
    }
    .tag[data-status='rejected'] {
      border-style: dashed;
      font-style: italic;
    }
    tr[data-production] {
      background: ${themed('--mlops-tint')};
    }
    td.actions {
      white-space: nowrap;
    }
    ol.releases {
      list-style: none;
      margin: 0;
      padding: 0;
      max-height: 18rem;
      overflow-y: auto;
    }
    ol.releases > li {
      border-bottom: 1px solid ${themed('--mlops-border')};
      padding: 0.25rem 0;
    }
    ol.releases summary {
      cursor: pointer;
    }
    ol.releases dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 0.15rem 0.75rem;
      margin: 0.4rem 0 0.4rem 1.1rem;
    }
    ol.releases dl > div {
      display: contents;
    }
    ol.releases dt {
      color: ${themed('--mlops-muted')};
    }
    ol.releases dd {
      margin: 0;
    }
  `,
];
