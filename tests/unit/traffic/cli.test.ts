import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import type { DriftEvent } from '../../../datasets/ground-truth';
import { catalogue, HELP, main } from '../../../src/traffic/cli';

/** Runs the command in-process; returns stdout, stderr and the exit code. */
async function run(...argv: string[]): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const code = await main(argv, { write: (s) => void (out += s), error: (s) => void (err += s), readFile: (path) => readFileSync(path, 'utf8') });
  return { out, err, code };
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('npm run data', () => {
  test('--list --json prints exactly one document: at least 10 datasets and 8 scenarios with ground truth', async () => {
    const { out, err, code } = await run('--list', '--json');
    expect([code, err]).toEqual([0, '']);
    const doc = JSON.parse(out) as { datasets: { name: string; description: string }[]; scenarios: { name: string; description: string; dataset: string; groundTruth: DriftEvent[] }[] };
    expect(Object.keys(doc)).toEqual(['datasets', 'scenarios']);
    expect(doc.datasets.length).toBeGreaterThanOrEqual(10);
    expect(doc.scenarios.length).toBeGreaterThanOrEqual(8);
    for (const d of doc.datasets) expect(typeof d.description).toBe('string');
    for (const s of doc.scenarios) {
      expect(doc.datasets.map((d) => d.name)).toContain(s.dataset);
      expect(Array.isArray(s.groundTruth)).toBe(true);
    }
    const sudden = doc.scenarios.find((s) => s.name === 'sea-sudden');
    expect(sudden?.groundTruth[0]).toMatchObject({ kind: 'concept', shape: 'sudden', onset: 5000, end: 5000, onsetTime: 500.1 });
    expect(doc).toEqual(JSON.parse(JSON.stringify(catalogue())));
  });

  test('--list prints a readable table', async () => {
    const { out, code } = await run('--list');
    expect(code).toBe(0);
    expect(out).toMatch(/^Datasets:\n {2}moons {8}Two interleaving half circles/);
    expect(out).toContain('  label-stall                Not drift:');
  });

  test('same flags and seed: identical bytes; another seed differs; csv and jsonl agree', async () => {
    const a = await run('--scenario', 'sea-gradual', '--seed', '7', '--n', '3000', '--format', 'csv');
    const b = await run('--scenario', 'sea-gradual', '--seed', '7', '--n', '3000', '--format', 'csv');
    const c = await run('--scenario', 'sea-gradual', '--seed=8', '--n=3000');
    expect(sha(a.out)).toBe(sha(b.out));
    expect(sha(c.out)).not.toBe(sha(a.out));
    const lines = a.out.trimEnd().split('\n');
    expect(lines[0]).toBe('index,id,t,f1,f2,f3,label,class,concept,segment,defect,label_at');
    expect(lines).toHaveLength(3001);
    const json = (await run('--scenario', 'sea-gradual', '--seed', '7', '--n', '3000', '--format', 'jsonl')).out.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(json).toHaveLength(3000);
    const [index, id, t, f1] = (lines[2999] as string).split(',');
    expect([Number(index), id, Number(t), Number(f1)]).toEqual([json[2998]?.index, json[2998]?.id, json[2998]?.t, (json[2998]?.features as Record<string, number>).f1]);
  });

  test('a scenario on another dataset, bad requests in the output, category names quoted when needed', async () => {
    const { out, code } = await run('--dataset', 'stagger', '--scenario', 'stable', '--n', '50', '--bad-share', '1');
    expect(code).toBe(0);
    const rows = out.trimEnd().split('\n').slice(1);
    expect(rows.every((r) => /,(missing-field|wrong-type|extra-field),/.test(r))).toBe(true);
  });

  test('bad flags: a clear message on stderr and exit code 2, nothing on stdout', async () => {
    const cases: [string[], RegExp][] = [
      [['--bogus'], /unknown flag "--bogus"/],
      [['--scenario'], /--scenario needs a value/],
      [['--scenario', 'nope'], /unknown scenario "nope"; known: stable, sea-sudden/],
      [['--dataset', 'iris'], /unknown dataset "iris"; known: moons/],
      [['--seed', '1.5'], /--seed must be a whole number, got "1.5"/],
      [['--n', '-3'], /--n must be a whole number from 0 to 10000000/],
      [['--n', 'ten'], /--n must be a whole number/],
      [['--format', 'xml'], /--format must be csv or jsonl, got "xml"/],
      [['--bad-share', '2'], /--bad-share must be a number from 0 to 1/],
      [['--json'], /--json only goes with --list/],
      [['--list', '--n', '3'], /--list takes no --scenario, --scenario-file, --dataset or --n/],
      [['--dataset', 'moons', '--scenario', 'sea-sudden'], /scenario "sea-sudden" cannot run on dataset "moons": .*variant is not a parameter/],
    ];
    for (const [argv, message] of cases) {
      const { out, err, code } = await run(...argv);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toMatch(message);
      expect(err.startsWith('data: ')).toBe(true);
    }
  });

  test('--scenario-file runs a scenario of your own, and refuses a bad one with the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlops-data-'));
    const mine = join(dir, 'mine.json');
    writeFileSync(mine, JSON.stringify({ name: 'mine', description: 'XOR turns.', dataset: { id: 'xor' }, length: 100, changes: [{ id: 'turn', shape: 'sudden', at: 50, effect: { type: 'rotate-boundary', degrees: 90 }, description: 'The boundary turns.' }] }));
    const { out, code } = await run('--scenario-file', mine, '--n', '60');
    expect(code).toBe(0);
    expect(out.trimEnd().split('\n').at(-1)).toMatch(/,turn,1,,/);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, JSON.stringify({ name: 'broken', description: 'x', dataset: { id: 'xor' }, length: 100, changes: [{ shape: 'sudden', at: 5, effect: { type: 'mean-shift', shift: { x7: 1 } }, description: 'x' }] }));
    const bad = await run('--scenario-file', broken);
    expect([bad.code, bad.out]).toEqual([2, '']);
    expect(bad.err).toMatch(/^data: --scenario-file .*broken.json: changes\[0\].effect.shift.x7: no feature "x7"/);
    const notJson = join(dir, 'not.json');
    writeFileSync(notJson, '{ nope');
    expect((await run('--scenario-file', notJson)).err).toMatch(/not.json: .*JSON/);
    expect((await run('--scenario-file', join(dir, 'missing.json'))).err).toMatch(/missing.json: ENOENT/);
    expect((await run('--scenario-file', mine, '--scenario', 'stable')).err).toMatch(/give --scenario or --scenario-file, not both/);
  });

  test('--help explains the flags and npm\'s banner', async () => {
    const { out, code } = await run('--help');
    expect(code).toBe(0);
    expect(out).toBe(HELP);
    expect(HELP).toContain('npm run --silent data');
  });

  test('the launcher runs the command through Vite with only the data on stdout', async () => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['src/traffic/data-command.mjs', '--list', '--json'], { cwd: process.cwd(), timeout: 60_000 });
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toEqual(JSON.parse(JSON.stringify(catalogue())));
    const failed = await promisify(execFile)(process.execPath, ['src/traffic/data-command.mjs', '--n', 'x'], { cwd: process.cwd() }).catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 2, stdout: '', stderr: 'data: --n must be a whole number from 0 to 10000000, got "x"\n' });
  });
});
