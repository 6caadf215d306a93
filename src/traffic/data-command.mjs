// @ts-check
/**
 * Launcher of the data command (`npm run --silent data -- --help`): Node 20 cannot run TypeScript,
 * so this loads src/traffic/cli.ts through Vite's module runner (silent, no config file) and runs it.
 * Data goes to stdout with back-pressure; a closed pipe (e.g. `| head`) ends the command quietly.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

process.stdout.on('error', (error) => {
  if (/** @type {NodeJS.ErrnoException} */ (error).code === 'EPIPE') process.exit(0);
  throw error;
});

const { module } = await runnerImport(resolve(ROOT, 'src', 'traffic', 'cli.ts'), { root: ROOT, configFile: false, logLevel: 'silent' });
const cli = /** @type {typeof import('./cli.ts')} */ (module);
process.exitCode = await cli.main(process.argv.slice(2), {
  write: (chunk) => (process.stdout.write(chunk) ? undefined : new Promise((done) => process.stdout.once('drain', () => done(undefined)))),
  error: (message) => void process.stderr.write(message),
  readFile: (path) => readFileSync(resolve(process.cwd(), path), 'utf8'),
});
