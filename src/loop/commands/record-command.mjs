// @ts-check
/**
 * Launcher of `npm run record`: Node 20 cannot run TypeScript, so src/loop/commands/record-cli.ts is loaded through
 * Vite's module runner (as bench/run.mjs does) and its `main` is called with the flags.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import process from 'node:process';
import { runnerImport } from 'vite';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const { module } = await runnerImport(join(ROOT, 'src', 'loop', 'commands', 'record-cli.ts'), { root: ROOT, configFile: false, logLevel: 'warn' });
const main = /** @type {(argv: string[], out: (s: string) => void, err: (s: string) => void) => Promise<number>} */ (module.main);
process.exitCode = await main(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s));
