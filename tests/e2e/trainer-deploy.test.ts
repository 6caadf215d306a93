/**
 * End to end on the built page (served on 127.0.0.1, real headless Chromium; the Lab and the trainer
 * each in their own Web Worker): a model trained in the trainer panel is deployed to the running lab
 * with "Deploy to the lab", passes the promotion gate, serves the lab's traffic, and is retrained by
 * the on-alert policy after the drift, with the trainer's own model spec and hyper-parameters.
 *
 * The lab's first version is made weak on purpose (400 rows, one slow epoch), so that the trainer's
 * model clearly beats it on the gate's paired rows. Screenshots under test-results/e2e/trainer-deploy-*.png;
 * no serious axe violation; no request leaves localhost.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import { WEBGPU_FLAG } from '../support/chromium.ts';
import { openPage, screenshot, seriousViolations, trainOnce, type E2ePage } from './browser.ts';

/** A version as the test reads it from the lab's exported session. */
interface VersionRow {
  id: string;
  parent: string | null;
  trigger: string;
  backend: string;
  model: unknown;
  hyperParameters: Record<string, unknown>;
}

describe('the trainer deploys into the lab, built and served', () => {
  let open: E2ePage | null = null;
  afterEach(async () => {
    await open?.browser.close();
    open = null;
  });

  it('a trainer model deployed to the lab serves traffic and is retrained after the drift', async () => {
    open = await openPage([WEBGPU_FLAG]);
    const { page } = open;
    await page.goto(inject('baseUrl'));
    await page.waitForFunction(() => ['mlops-lab', 'mlops-trainer'].every((t) => customElements.get(t) !== undefined));
    const lab = page.locator('mlops-lab');
    const trainer = page.locator('mlops-trainer');

    // The lab: the guided scenario with a deliberately weak first version, paused once it serves.
    await lab.evaluate((el) => {
      const page = el as HTMLElementTagNameMap['mlops-lab'];
      page.config = { scenario: 'moons-rotation', seed: 7, policy: 'on-alert', requests: 8000, initialRows: 400, training: { epochs: 1, learningRate: 0.001 } };
    });
    await lab.getByLabel('Speed').selectOption('80');
    await lab.getByRole('button', { name: 'Run the whole loop', exact: true }).click();
    await expect.poll(() => lab.evaluate((el) => (el as HTMLElementTagNameMap['mlops-lab']).phase), { timeout: 90_000 }).toBe('running');
    await lab.getByRole('button', { name: 'Pause', exact: true }).click();
    await expect.poll(() => lab.evaluate((el) => (el as HTMLElementTagNameMap['mlops-lab']).phase)).toBe('paused');

    // The trainer: two moons (the lab scenario's base dataset), then "Deploy to the lab".
    // 1000 samples: 200 test rows, enough for the gate (100) if the lab has too few labelled rows of its own yet.
    await trainer.evaluate((el) => el.setAttribute('samples', '1000'));
    const outcome = await trainOnce(page, 15);
    expect(outcome.testAccuracy).toBeGreaterThanOrEqual(0.9);
    await expect.poll(() => trainer.locator('[part="surface"] canvas').count()).toBe(1);
    const deploy = trainer.getByRole('button', { name: 'Deploy to the lab', exact: true });
    await deploy.click();
    const status = trainer.locator('[part="deploy-status"]');
    await expect.poll(() => status.getAttribute('data-ok'), { timeout: 60_000 }).toBe('true');
    expect(await status.innerText()).toMatch(/^v2 passed the gate \(.+\) and serves production now/);
    await screenshot(page, 'trainer-deploy-deployed');
    const production = () => lab.evaluate((el) => (el as HTMLElementTagNameMap['mlops-lab']).activeLab!.snapshot().then((s) => s.deployed.production));
    expect(await production()).toBe('v2');

    // The loop serves it, notices the drift, and retrains it with the trainer's settings.
    await lab.getByRole('button', { name: 'Resume', exact: true }).click();
    const versions = () =>
      lab.evaluate((el) =>
        (el as HTMLElementTagNameMap['mlops-lab']).activeLab!.exportSession().then((s) => (s as unknown as { registry: { versions: { metadata: VersionRow }[] } }).registry.versions.map((v) => v.metadata)),
      );
    await expect.poll(() => versions().then((vs) => vs.some((v) => v.trigger === 'alert' && v.parent === 'v2')), { timeout: 240_000, interval: 2000 }).toBe(true);
    const all = await versions();
    const trained = all.find((v) => v.id === 'v2') as VersionRow;
    expect(trained.trigger).toBe('trainer');
    expect(trained.backend).toBe(outcome.backend);
    const retrain = all.find((v) => v.trigger === 'alert' && v.parent === 'v2') as VersionRow;
    expect(retrain.model).toEqual(trained.model);
    expect(retrain.hyperParameters.epochs).toBe(15);
    expect(retrain.hyperParameters.learningRate).toBe(trained.hyperParameters.learningRate);
    // v2 served production from its deploy until the retrain replaced it: at 10 requests per simulated second, hundreds of requests.
    const history = await lab.evaluate((el) =>
      (el as HTMLElementTagNameMap['mlops-lab']).activeLab!.exportSession().then((s) => (s as unknown as { registry: { history: { alias: string; version: string | null; simTime: number }[] } }).registry.history.filter((m) => m.alias === 'production')),
    );
    const on = history.findIndex((m) => m.version === 'v2');
    const off = history[on + 1];
    expect(on).toBeGreaterThan(0);
    expect(off).toBeDefined();
    expect(((off?.simTime ?? 0) - (history[on]?.simTime ?? 0)) * 10).toBeGreaterThan(300);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'trainer-deploy-retrained');
    expect(open.external).toEqual([]);
    expect(open.pageErrors).toEqual([]);
  });
});
