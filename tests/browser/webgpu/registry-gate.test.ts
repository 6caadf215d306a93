/**
 * The registry view in Chromium tells a retrain the gate refused as it happened: the version row says
 * "rejected" with the gate's own paired numbers, the first version is the lab's (not "by hand"), the
 * accuracy column is named as each version's own held-out score; axe clean. In-page Lab on the cpu
 * backend (tests/support/component-labs.ts): a retrain before any change brings no real gain, and the
 * paired gate refuses it.
 */
import { describe, expect, test } from 'vitest';
import '../../../components/registry/mlops-registry';
import { gateComparison } from '../../../src/loop/decisions/gate';
import { rendered, waitFor } from '../../support/wait';
import { axeViolations, mount, useComponentLabs } from '../../support/component-labs';

const { newLab } = useComponentLabs();

describe('mlops-registry: the gate verdict of every version', () => {
  test('a refused retrain is shown as rejected with the gate numbers; v1 is the lab own', async () => {
    const lab = await newLab({ seed: 11 });
    const el = mount('mlops-registry', lab);
    await lab.run(800);
    const outcome = await lab.retrain('no change yet');
    expect(outcome.deployed).toBe(false);
    expect(outcome.gate?.passed).toBe(false);
    await waitFor('two versions', () => el.versions.length === 2);
    await rendered(el);
    const row = (id: string) => el.shadowRoot?.querySelector<HTMLElement>(`tr[data-version="${id}"]`) as HTMLElement;
    const v2 = row('v2');
    expect(v2.getAttribute('data-gate')).toBe('rejected');
    expect(v2.querySelector('[part="gate-cell"]')?.textContent?.replace(/\s+/g, ' ').trim()).toBe(`rejected rejected: ${gateComparison(outcome.gate as NonNullable<typeof outcome.gate>)}`);
    const v1 = row('v1');
    expect(v1.textContent).toContain('the lab, when it started');
    expect(v1.textContent).not.toContain('by hand');
    expect(el.shadowRoot?.querySelector('table[part="versions"] thead')?.textContent).toContain('Own held-out accuracy');
    expect(await axeViolations(el)).toEqual([]);
    el.remove();
  });
});
