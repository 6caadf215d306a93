/**
 * `<mlops-registry>`'s per-version export and import in real Chromium: the Export button of a row
 * downloads that version as one JSON file (TF.js layers-model JSON, weights in base64, metadata);
 * Import version reads such a file back as a NEW version with the same weights, registered and not
 * deployed; a bad file registers nothing and the status line gives the import's own message.
 */
import { describe, expect, test } from 'vitest';
import { userEvent } from 'vitest/browser';
import '../../../components/registry/mlops-registry';
import { axeViolations, mount, useComponentLabs } from '../../support/component-labs';
import { rendered, waitFor } from '../../support/wait';

const { newLab } = useComponentLabs();

function part(el: Element, name: string): HTMLElement {
  const found = el.shadowRoot?.querySelector<HTMLElement>(`[part~="${name}"]`);
  if (!found) throw new Error(`no part ${name}`);
  return found;
}

/** Chooses `file` in the registry's hidden file input, as the file chooser would. */
function choose(el: Element, file: File): void {
  const input = part(el, 'import-input') as HTMLInputElement;
  const list = new DataTransfer();
  list.items.add(file);
  input.files = list.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

interface Bundle {
  format: string;
  metadata: { id: string; schema: { classes: string[] } };
  modelJson: { format: string; modelTopology: object; weightsManifest: unknown[] };
  weights: { path: string; bytes: number; base64: string };
}

describe('mlops-registry: export and import one version', () => {
  test('Export downloads v1 as a TF.js model file; Import version registers it as v2 with the same weights, not deployed; bad files change nothing; axe clean', async () => {
    const lab = await newLab();
    const el = mount('mlops-registry', lab);
    await waitFor('v1 in the table', () => el.versions.length === 1 && el.production === 'v1');
    await rendered(el);

    // Export (the row's button, by keyboard): the download link is caught before the browser saves it.
    const downloads: { name: string; href: string }[] = [];
    el.shadowRoot?.addEventListener(
      'click',
      (e) => {
        if (e.target instanceof HTMLAnchorElement && e.target.download) {
          e.preventDefault();
          downloads.push({ name: e.target.download, href: e.target.href });
        }
      },
      true,
    );
    const exportButton = el.shadowRoot?.querySelector<HTMLButtonElement>('[part~="export-button"][data-version="v1"]') as HTMLButtonElement;
    expect(exportButton.getAttribute('aria-label')).toBe('Export v1 as a TF.js model file');
    exportButton.focus();
    await userEvent.keyboard('{Enter}');
    await waitFor('the download', () => downloads.length === 1);
    await waitFor('the export to finish', () => el.registryState === 'idle');
    await rendered(el);
    expect(downloads[0]?.name).toBe('mlops-lab-v1.json');
    const text = await (await fetch(downloads[0]?.href ?? '')).text();
    const bundle = JSON.parse(text) as Bundle;
    expect(bundle.format).toBe('mlops-lab/version');
    expect(bundle.metadata.id).toBe('v1');
    expect(bundle.modelJson.format).toBe('layers-model');
    expect(bundle.modelJson.weightsManifest.length).toBeGreaterThan(0);
    expect(bundle.weights.bytes).toBeGreaterThan(0);
    expect(part(el, 'status').textContent?.trim()).toBe('v1 exported as mlops-lab-v1.json: its TF.js model (layers-model JSON), weights and metadata in one file.');

    // The Import version button opens the file chooser (its hidden input); the chooser itself is not driven here.
    const opened: Event[] = [];
    part(el, 'import-input').addEventListener('click', (e) => {
      e.preventDefault();
      opened.push(e);
    });
    await userEvent.click(part(el, 'import-button'));
    expect(opened).toHaveLength(1);

    // Bad files: nothing registered, the import's own message shown.
    const bad: [string, string, RegExp][] = [
      ['cut.json', text.slice(0, 200), /^That did not work: the file is not JSON: /],
      ['wrong-format.json', JSON.stringify({ ...bundle, format: 'keras' }), /^That did not work: format: must be "mlops-lab\/version", got "keras"$/],
      ['short-weights.json', JSON.stringify({ ...bundle, weights: { ...bundle.weights, base64: bundle.weights.base64.slice(0, 40) } }), /^That did not work: weights\.bytes declares \d+ bytes but the base64 holds 30$/],
      ['other-classes.json', JSON.stringify({ ...bundle, metadata: { ...bundle.metadata, schema: { ...bundle.metadata.schema, classes: ['cat', 'dog'] } } }), /^That did not work: the version's data \(.*classes cat, dog\) does not match this lab's/],
    ];
    for (const [name, content, message] of bad) {
      choose(el, new File([content], name, { type: 'application/json' }));
      await waitFor(`${name} refused`, () => el.registryState === 'error');
      await rendered(el);
      expect(part(el, 'status').textContent?.trim(), name).toMatch(message);
      expect((await lab.snapshot()).versions.map((v) => v.id), name).toEqual(['v1']);
    }
    expect(el.versions).toHaveLength(1);

    // The good file: v2, from v1, not deployed; same weights.
    choose(el, new File([text], 'mlops-lab-v1.json', { type: 'application/json' }));
    await waitFor('the import', () => el.versions.length === 2 && el.registryState === 'idle');
    await rendered(el);
    expect(part(el, 'status').textContent?.trim()).toBe('Imported mlops-lab-v1.json as v2 (exported as v1); it is registered, not deployed: Promote serves it.');
    expect(el.production).toBe('v1');
    const snapshot = await lab.snapshot();
    expect(snapshot.deployed).toMatchObject({ production: 'v1', candidate: null, shadow: null });
    const row = el.shadowRoot?.querySelector('tr[data-version="v2"]') as HTMLTableRowElement;
    expect(row.hasAttribute('data-production')).toBe(false);
    expect(row.textContent).toContain('you, imported from a file (exported as v1)');
    expect(row.querySelector('[part~="gate-cell"]')?.textContent).toContain('not gated: imported');
    expect(row.querySelector('[part~="promote-button"]')).not.toBeNull();
    const again = JSON.parse(await lab.exportVersion('v2')) as Bundle;
    expect(again.weights.base64).toBe(bundle.weights.base64);
    expect(again.modelJson.weightsManifest).toEqual(bundle.modelJson.weightsManifest);
    expect(await axeViolations(el)).toEqual([]);
  });
});
