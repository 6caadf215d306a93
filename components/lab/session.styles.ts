/** Styles of the lab page's "Settings, link and session" panel and its reset dialog. */
import { css } from 'lit';
import { narrowStyles } from '../shared/narrow.styles';

/** The panel's styles (added to the lab's). */
export const sessionStyles = css`
  ${narrowStyles}
  .session {
    background: var(--mlops-surface);
    border: 1px solid var(--mlops-border);
    border-radius: 8px;
    padding: 1rem;
    margin-bottom: 1rem;
  }
  .session h2 {
    margin: 0 0 0.5rem;
    font-size: 1.1rem;
  }
  .settings .fields {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr));
    gap: 0.5rem 1rem;
  }
  .settings .field {
    display: flex;
    flex-direction: column;
    gap: 0.15rem;
  }
  .settings .field label {
    font-size: 0.85rem;
    color: var(--mlops-muted);
  }
  input[type='text'],
  input[type='number'] {
    font: inherit;
    border-radius: 6px;
    border: 1px solid var(--mlops-border);
    background: var(--mlops-surface);
    color: var(--mlops-text);
    padding: 0.3rem 0.5rem;
    min-height: 2.25rem;
    min-width: 0;
  }
  input:invalid {
    border-color: var(--mlops-danger);
  }
  .hint {
    margin: 0.35rem 0 0.75rem;
    font-size: 0.85rem;
    color: var(--mlops-muted);
  }
  .session-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
  .file-button {
    position: relative;
    border-radius: 6px;
    border: 1px solid var(--mlops-border);
    background: var(--mlops-surface);
    padding: 0.4rem 0.85rem;
    min-height: 2.25rem;
    cursor: pointer;
  }
  .file-button:focus-within {
    outline: 3px solid var(--mlops-accent);
    outline-offset: 2px;
  }
  .file-button input {
    position: absolute;
    inset: 0;
    opacity: 0;
    cursor: pointer;
    width: 100%;
  }
  button.danger {
    border-color: var(--mlops-danger);
    color: var(--mlops-danger);
  }
  dialog button.danger {
    background: var(--mlops-danger);
    color: var(--mlops-on-danger);
  }
  .fallback {
    display: flex;
    flex-wrap: wrap;
    gap: 0.35rem;
    align-items: center;
  }
  .fallback input {
    flex: 1 1 24rem;
  }
  .notice,
  .problems {
    border: 1px solid var(--mlops-accent-2);
    background: var(--mlops-tint);
    border-radius: 6px;
    padding: 0.5rem 0.75rem;
    margin: 0 0 0.75rem;
  }
  .problems p,
  .problems ul {
    margin: 0;
  }
  .session-status {
    min-height: 1.5em;
    margin: 0.5rem 0 0;
  }
  dialog {
    border: 1px solid var(--mlops-border);
    border-radius: 8px;
    background: var(--mlops-surface);
    color: var(--mlops-text);
    max-width: 32rem;
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.45);
  }
  dialog h3 {
    margin: 0 0 0.5rem;
  }
  .dialog-actions {
    display: flex;
    justify-content: flex-end;
    gap: 0.5rem;
  }
`;
