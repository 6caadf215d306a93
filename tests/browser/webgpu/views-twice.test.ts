/**
 * Two copies of each view on one page, following one Lab (as a course page that shows the monitor
 * twice, above and below a text): every region keeps a name of its own (axe `landmark-unique`), the
 * first copy keeps the plain name and the second adds " (2)", and axe finds nothing serious.
 */
import axe from 'axe-core';
import { describe, expect, test } from 'vitest';
import '../../../components/alerts/mlops-alerts';
import '../../../components/dataset/mlops-dataset';
import '../../../components/drift/mlops-drift';
import '../../../components/drill/mlops-drill';
import '../../../components/endpoint/mlops-endpoint';
import '../../../components/monitor/mlops-monitor';
import '../../../components/registry/mlops-registry';
import { axeViolations, mount, useComponentLabs } from '../../support/component-labs';
import { rendered, waitFor } from '../../support/wait';

const { newLab } = useComponentLabs();

/** The views that draw named regions, each mounted twice. */
const TAGS = ['mlops-monitor', 'mlops-alerts', 'mlops-registry', 'mlops-drift', 'mlops-endpoint', 'mlops-dataset', 'mlops-drill'] as const;

/** The accessible names of the landmarks (named sections and regions) in `el`'s shadow root. */
function regionNames(el: Element): string[] {
  const root = el.shadowRoot as ShadowRoot;
  return [...root.querySelectorAll('section[aria-label], [role="region"]')].map((r) => r.getAttribute('aria-label') ?? `(unnamed ${r.localName})`);
}

describe('two of each view on one page', () => {
  test("every region has its own name: the second copy's regions end in (2); axe landmark-unique passes, nothing serious", async () => {
    const lab = await newLab({ requests: 7000 });
    const views = TAGS.flatMap((tag) => [mount(tag, lab), mount(tag, lab)]);
    await lab.run(1500);
    await lab.retrain('views twice');
    await lab.run(500);
    const [monitor, , alerts, , registry, , drift] = views as unknown as [
      HTMLElementTagNameMap['mlops-monitor'],
      unknown,
      HTMLElementTagNameMap['mlops-alerts'],
      unknown,
      HTMLElementTagNameMap['mlops-registry'],
      unknown,
      HTMLElementTagNameMap['mlops-drift'],
    ];
    await waitFor('the views to follow the lab', () => monitor.chartData.position >= 2000 && drift.shadowRoot?.querySelector('[part="table"] tbody tr') !== null && alerts.shadowRoot?.querySelector('[part="log"]') !== null);
    await waitFor('both versions in the registries', () => (registry.shadowRoot?.querySelectorAll('[part="versions"] tr[data-version]').length ?? 0) >= 2);
    const endpoints = views.filter((v) => v.localName === 'mlops-endpoint') as HTMLElementTagNameMap['mlops-endpoint'][];
    for (const e of endpoints) {
      await waitFor('the schema', () => e.requestText !== null);
      expect(await e.send()).toMatchObject({ model_name: 'lab' });
    }
    for (const d of views.filter((v) => v.localName === 'mlops-drill') as HTMLElementTagNameMap['mlops-drill'][]) expect((await d.start('label-stall'))?.drill).toBe('label-stall');
    for (const v of views) await rendered(v);

    const byTag = new Map<string, [string[], string[]]>();
    for (const tag of TAGS) {
      const [a, b] = views.filter((v) => v.localName === tag);
      byTag.set(tag, [regionNames(a as Element), regionNames(b as Element)]);
    }
    for (const [tag, [first, second]] of byTag) {
      expect(first.length, tag).toBe(second.length);
      expect(second, tag).toEqual(first.map((n) => `${n} (2)`));
      for (const n of first) expect(n, tag).not.toMatch(/\(2\)$|^\(unnamed/);
    }
    expect(byTag.get('mlops-monitor')?.[0]).toEqual(['System health of the endpoint', 'Recent markers']);
    expect(byTag.get('mlops-alerts')?.[0]).toEqual(['Open alerts', 'Alerts per simulated day', 'Alert log']);
    expect(byTag.get('mlops-registry')?.[0]).toEqual(['Versions', 'Deployment history']);
    expect(byTag.get('mlops-drill')?.[0]).toEqual(['Evidence of the drill']);
    expect(byTag.get('mlops-drift')?.[0]).toEqual(['Feature drift', 'Feature drift statistics per feature', 'Drift detectors on the error stream']);
    const all = [...byTag.values()].flat(2);
    expect(new Set(all).size).toBe(all.length);

    const result = await axe.run(document, { runOnly: { type: 'rule', values: ['landmark-unique', 'region'] }, resultTypes: ['violations', 'passes'] });
    expect(result.violations.filter((v) => v.id === 'landmark-unique').map((v) => v.nodes.map((n) => n.target.join(' ')))).toEqual([]);
    expect(result.passes.some((p) => p.id === 'landmark-unique')).toBe(true);
    expect(await axeViolations(document.body)).toEqual([]);
  });
});
