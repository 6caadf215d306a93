/**
 * custom-elements.json is generated from the components' JSDoc (build/manifest.ts, `npm run manifest`)
 * and committed; this test fails when the committed file no longer matches the sources, and checks
 * that the generator reads what a course author needs: every element, its attributes, events, parts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateManifest, manifestText, type ElementDeclaration } from '../../../build/manifest.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');

const elements = (): ElementDeclaration[] =>
  (generateManifest(ROOT).modules as { declarations: ElementDeclaration[] }[]).flatMap((m) => m.declarations);

describe('custom-elements.json', () => {
  it('is up to date with the components (run `npm run manifest` when this fails)', () => {
    expect(readFileSync(join(ROOT, 'custom-elements.json'), 'utf8')).toBe(manifestText(ROOT));
  });

  it('is named by package.json', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { customElements: string; exports: Record<string, string>; private: boolean };
    expect(pkg.customElements).toBe('custom-elements.json');
    expect(pkg.exports).toEqual({ '.': './dist/embed/mlops-lab.js', './custom-elements.json': './custom-elements.json', './package.json': './package.json' });
    expect(pkg.private).toBe(true);
  });

  it('lists every registered element with its JSDoc', () => {
    const all = elements();
    const tags = all.map((e) => e.tagName);
    expect(tags).toEqual([...tags].sort());
    for (const tag of ['mlops-lab', 'mlops-loop', 'mlops-monitor', 'mlops-alerts', 'mlops-registry', 'mlops-trainer', 'mlops-traffic']) expect(tags).toContain(tag);
    for (const e of all) {
      expect(e.summary, e.tagName).not.toBe('');
      expect(e.description, e.tagName).not.toBe('');
    }
    const monitor = all.find((e) => e.tagName === 'mlops-monitor') as ElementDeclaration;
    expect(monitor.name).toBe('MlopsMonitor');
    expect(monitor.superclass).toEqual({ name: 'LitElement', package: 'lit' });
    expect(monitor.events.map((e) => e.name)).toContain('mlops-monitor-marker');
    expect(monitor.cssParts).toContainEqual({ name: 'chart', description: 'The figure holding the canvas.' });
    expect(monitor.cssProperties.map((p) => p.name)).toContain('--mlops-truth');
    const attributes = monitor.attributes.map((a) => a.name);
    expect(attributes).toEqual(expect.arrayContaining(['scenario', 'max-points', 'recording', 'seed', 'policy', 'replay-speed']));
    expect(monitor.attributes.find((a) => a.name === 'max-points')).toMatchObject({ fieldName: 'maxPoints', type: { text: 'number' } });
    expect(monitor.members.find((m) => m.name === 'lab')).toMatchObject({ kind: 'field', type: { text: 'LabClient | null' } });
    expect(monitor.members.find((m) => m.name === 'lab')?.attribute).toBeUndefined();
  });

  it('keeps an element its own attribute and gives the Lab attributes only to elements that may start a Lab', () => {
    const all = elements();
    const drill = all.find((e) => e.tagName === 'mlops-drill') as ElementDeclaration;
    expect(drill.attributes.filter((a) => a.name === 'seed')).toEqual([expect.objectContaining({ fieldName: 'seed' })]);
    const lab = all.find((e) => e.tagName === 'mlops-lab') as ElementDeclaration;
    expect(lab.attributes.map((a) => a.name)).not.toContain('recording');
    expect(lab.slots.length).toBeGreaterThan(0);
  });
});
