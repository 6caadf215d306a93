/**
 * Shared set-up of the component tests in Chromium: fast in-page Labs on TF.js's cpu backend (a short
 * stream, 3 training epochs), mounting an element with or without a Lab, and axe-core checks.
 */
import * as tf from '@tensorflow/tfjs';
import axe from 'axe-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { LabConfig } from '../../src/loop/index';
import { createInPageLabClient, type LabClient } from '../../src/worker/lab-client';

/** A Lab config that trains and streams quickly. */
export const FAST_LAB: LabConfig = { scenario: 'moons-rotation', seed: 7, policy: 'manual', requests: 4000, initialRows: 600, window: 100, labelDelay: 2, training: { epochs: 3 } };

/** The Labs of a component test file, each disposed when the file ends. */
export interface ComponentLabs {
  /** An in-page Lab created with FAST_LAB + `config` (trained and deployed). */
  newLab(config?: Partial<LabConfig>): Promise<LabClient>;
  /** An in-page Lab not yet created (for elements that only run drills). */
  blankLab(): LabClient;
}

/**
 * Registers the hooks of a component test file (cpu backend; an empty page after each test; every
 * Lab disposed at the end) and returns the functions that make its Labs.
 */
export function useComponentLabs(): ComponentLabs {
  const labs: LabClient[] = [];
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });
  afterEach(() => {
    document.body.replaceChildren();
  });
  afterAll(async () => {
    await Promise.all(labs.map((l) => l.dispose()));
  });
  const blankLab = (): LabClient => {
    const lab = createInPageLabClient();
    labs.push(lab);
    return lab;
  };
  return {
    blankLab,
    newLab: async (config = {}) => {
      const lab = blankLab();
      await lab.create({ ...FAST_LAB, ...config });
      return lab;
    },
  };
}

/** Creates `tag`, hands it `lab` when there is one (else it makes its own), and puts it on the page. */
export function mount<K extends keyof HTMLElementTagNameMap>(tag: K, lab: LabClient | null): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (lab) (el as unknown as { lab: LabClient }).lab = lab;
  document.body.append(el);
  return el;
}

/** axe-core's serious and critical violations in `el`, and any landmark-unique one. */
export async function axeViolations(el: Element): Promise<string[]> {
  const result = await axe.run(el, { resultTypes: ['violations'] });
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical' || v.id === 'landmark-unique').map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
}
