/** `npm run simulate`: flags, --list, exit codes, stdout carrying only the report. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadPolicy, main, parseArgs } from '../../../src/loop/commands/cli';
import { findPolicy } from '../../../src/loop/decisions/policy';

async function call(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, (s) => (out += s), (s) => (err += s));
  return { code, out, err };
}

describe('simulate command', () => {
  test.each([
    [['--seed', '1'], /--scenario is required/],
    [['--scenario', 'nope', '--seed', '1'], /unknown scenario "nope"/],
    [['--scenario', 'stable'], /--seed is required/],
    [['--scenario', 'stable', '--seed', 'x'], /--seed needs a whole number/],
    [['--scenario', 'stable', '--seed', '1', '--requests', '0'], /--requests must be a whole number >= 1/],
    [['--scenario', 'stable', '--seed', '1', '--policy', 'nope'], /neither a built-in policy/],
    [['--frobnicate'], /unknown flag "--frobnicate"/],
  ])('bad flags %j -> exit 2, message on stderr, nothing on stdout', async (argv, message) => {
    const r = await call(argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(message);
  });

  test('--policy reads a JSON file and names the bad field of a broken one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'loop-policy-'));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ ...findPolicy('on-alert'), name: 'mine', gate: { minImprovement: 0.02, minSamples: 150, holdout: 0.3 } }));
    expect(loadPolicy(good)).toMatchObject({ name: 'mine', gate: { minImprovement: 0.02 } });
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, JSON.stringify({ ...findPolicy('on-alert'), data: { kind: 'recent', rows: -5 } }));
    expect(() => loadPolicy(broken)).toThrow(/data.rows: must be a whole number from 50/);
    const notJson = join(dir, 'not.json');
    writeFileSync(notJson, '{ nope');
    expect(() => loadPolicy(notJson)).toThrow(/not.json/);
  });

  test('flags parse, with = forms', () => {
    expect(parseArgs(['--scenario=stable', '--seed=-3', '--requests', '50', '--json'])).toMatchObject({ scenario: 'stable', seed: -3, requests: 50, json: true });
  });

  test('--list --json through the npm launcher: only JSON on stdout', () => {
    const out = execFileSync(process.execPath, ['src/loop/commands/simulate-command.mjs', '--list', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const list = JSON.parse(out) as { scenarios: { name: string }[]; policies: { name: string }[] };
    expect(list.scenarios.map((s) => s.name)).toContain('moons-rotation');
    expect(list.policies.map((p) => p.name)).toEqual(['off', 'manual', 'on-alert', 'on-alert-canary', 'on-alert-shadow', 'schedule']);
    const bad = spawnSync(process.execPath, ['src/loop/commands/simulate-command.mjs', '--scenario', 'stable'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
  });

  test('a --json run prints one JSON report with the contract keys', async () => {
    const r = await call(['--scenario', 'blobs-covariate-shift', '--seed', '2', '--requests', '4500', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(Object.keys(report.summary).sort()).toEqual(['accuracy_before_drift', 'min_accuracy_after_drift', 'promotions_before_change', 'requests_to_detect', 'requests_to_recover', 'rollbacks', 'versions']);
    expect(report.series.length).toBe(18);
    expect(report.ground_truth[0]).toMatchObject({ kind: 'covariate', onset: 4000 });
    expect(report.totals.requests).toBe(4500);
    expect(report.summary.accuracy_before_drift).toBeGreaterThan(0.9);
  });

  test('a run that ends before the drift is all "before": accuracy over the run, nothing after', async () => {
    const r = await call(['--scenario', 'blobs-covariate-shift', '--seed', '2', '--requests', '2000', '--json']);
    expect(r.code).toBe(0);
    const { summary } = JSON.parse(r.out);
    expect(summary.accuracy_before_drift).toBeGreaterThan(0.9);
    expect(summary.accuracy_before_drift).toBeLessThanOrEqual(1);
    expect(summary).toMatchObject({ min_accuracy_after_drift: null, requests_to_detect: null, requests_to_recover: null, versions: 1, rollbacks: 0 });
  });
});
