/**
 * `npm run record`: flags parsed strictly (usage errors name the flag, exit code 2), and a real short
 * run written to a file that reads back as a valid recording.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { UsageError } from '../../../src/loop/commands/cli';
import { main, parseRecordArgs } from '../../../src/loop/commands/record-cli';
import { parseRecording } from '../../../src/loop/persistence/record-validate';

describe('npm run record', () => {
  test('parses the flags, with defaults', () => {
    expect(parseRecordArgs(['--scenario', 'sea-sudden', '--seed=3', '--out', 'x.json', '--max-kb', '64', '--omit', 'health, drift', '--every', '2.5'])).toEqual({
      help: false,
      scenario: 'sea-sudden',
      seed: 3,
      out: 'x.json',
      maxBytes: 64 * 1024,
      omit: ['health', 'drift'],
      every: 2.5,
    });
  });

  test('refuses bad flags with a message naming them', () => {
    const cases: [string[], RegExp][] = [
      [['--seed', '1', '--out', 'x'], /--scenario is required/],
      [['--scenario', 'nope', '--seed', '1', '--out', 'x'], /unknown scenario "nope"/],
      [['--scenario', 'stable', '--out', 'x'], /--seed is required/],
      [['--scenario', 'stable', '--seed', '1'], /--out is required/],
      [['--scenario', 'stable', '--seed', '1.5', '--out', 'x'], /--seed needs a whole number/],
      [['--scenario', 'stable', '--seed', '1', '--out', 'x', '--every', '0'], /--every needs a positive number/],
      [['--scenario', 'stable', '--seed', '1', '--out', 'x', '--max-kb', '99999'], /--max-kb needs a whole number from 1 to 8192/],
      [['--scenario', 'stable', '--seed', '1', '--out'], /--out needs a value/],
      [['--frobnicate'], /unknown flag "--frobnicate"/],
    ];
    for (const [argv, message] of cases) {
      expect(() => parseRecordArgs(argv)).toThrow(UsageError);
      expect(() => parseRecordArgs(argv)).toThrow(message);
    }
  });

  test('records a short run to a file that validates; a usage error exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlops-record-'));
    try {
      const out = join(dir, 'run.json');
      const err: string[] = [];
      const code = await main(['--scenario', 'stable', '--seed', '2', '--requests', '600', '--out', out], () => undefined, (s) => err.push(s));
      expect(code).toBe(0);
      const recording = parseRecording(readFileSync(out, 'utf8'));
      expect(recording.config).toEqual({ scenario: 'stable', seed: 2, policy: 'on-alert', requests: 600 });
      expect(err.join('')).toMatch(/record: wrote .*run\.json/);
      const usage: string[] = [];
      expect(await main(['--scenario', 'stable'], () => undefined, (s) => usage.push(s))).toBe(2);
      expect(usage.join('')).toMatch(/^record: --seed is required/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
