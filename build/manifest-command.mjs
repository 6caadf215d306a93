// @ts-check
/**
 * Launcher of `npm run manifest`: writes custom-elements.json at the repo root from the components'
 * JSDoc (build/manifest.ts, loaded through Vite's module runner as Node 20 cannot run TypeScript).
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { module } = await runnerImport(join(ROOT, 'build', 'manifest.ts'), { root: ROOT, configFile: false, logLevel: 'warn' });
const text = /** @type {(root: string) => string} */ (module.manifestText)(ROOT);
writeFileSync(join(ROOT, 'custom-elements.json'), text);
const elements = (text.match(/"customElement": true/g) ?? []).length;
process.stderr.write(`manifest: wrote custom-elements.json (${elements} elements, ${text.length} bytes)\n`);
