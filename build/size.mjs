// @ts-check
/**
 * `npm run size`: gzip sizes of what a page downloads, from the built files (`npm run build` first;
 * `npm run size` does both). Prints one JSON document and writes it to bench/results/size.json:
 * - monitor_only_gzip: the embed entry `dist/embed/mlops-lab.js` plus every chunk it imports
 *   statically, transitively (read from Vite's manifest): what a page with only viewing elements
 *   (e.g. `<mlops-monitor recording="...">`) loads. No tfjs, no Lab, no worker, no wasm;
 * - full_embed_gzip: every file in dist/embed/ (the entry, all chunks, both workers, the wasm
 *   binaries): what a page that trains, serves and falls back to every backend can end up loading;
 * - single_file_gzip: dist/mlops-lab.html, the one-file offline lab.
 * Each file is gzipped on its own (zlib level 9, as a static host would precompress), sizes in bytes.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const EMBED = join(DIST, 'embed');
const ENTRY = 'mlops-lab.js';

/** @param {string} path @returns {number} gzip bytes of the file */
const gzipBytes = (path) => gzipSync(readFileSync(path), { level: 9 }).length;

/** @param {string} dir @returns {string[]} every file under dir, except Vite's own .vite/ folder */
function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === '.vite' ? [] : filesUnder(path);
    return [path];
  });
}

/**
 * @param {Record<string, { file: string; imports?: string[]; css?: string[]; isEntry?: boolean }>} manifest
 * @returns {string[]} the entry's file and every file it loads statically (chunks and their CSS)
 */
function staticClosure(manifest) {
  const entryKey = Object.keys(manifest).find((k) => manifest[k]?.isEntry && manifest[k]?.file === ENTRY);
  if (!entryKey) throw new Error(`the manifest has no entry ${ENTRY}`);
  const seen = new Set([entryKey]);
  const todo = [entryKey];
  while (todo.length > 0) {
    const key = /** @type {string} */ (todo.pop());
    for (const next of manifest[key]?.imports ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      todo.push(next);
    }
  }
  return [...new Set([...seen].flatMap((k) => [manifest[k]?.file ?? '', ...(manifest[k]?.css ?? [])]))].filter(Boolean);
}

for (const need of [join(EMBED, ENTRY), join(EMBED, '.vite', 'manifest.json'), join(DIST, 'mlops-lab.html')]) {
  if (!existsSync(need)) {
    process.stderr.write(`size: ${relative(ROOT, need)} is missing: run npm run build first (npm run size does).\n`);
    process.exit(1);
  }
}
const manifest = JSON.parse(readFileSync(join(EMBED, '.vite', 'manifest.json'), 'utf8'));
const monitorFiles = staticClosure(manifest);
const embedFiles = filesUnder(EMBED).map((p) => relative(EMBED, p)).sort();
const sum = (/** @type {string[]} */ files) => files.reduce((s, f) => s + gzipBytes(join(EMBED, f)), 0);
const monitorOnly = sum(monitorFiles);
const fullEmbed = sum(embedFiles);
const single = join(DIST, 'mlops-lab.html');
const result = {
  monitor_only_gzip: monitorOnly,
  full_embed_gzip: fullEmbed,
  single_file_gzip: gzipBytes(single),
  monitor_only_share: Math.round((monitorOnly / fullEmbed) * 1e4) / 1e4,
  goal: 'monitor_only_gzip <= 15% of full_embed_gzip',
  counts: {
    monitor_only_gzip: 'dist/embed/mlops-lab.js and the chunks it imports statically (transitively): no tfjs, no Lab chunk, no worker, no wasm',
    full_embed_gzip: 'every file in dist/embed/ (entry, all chunks, the Lab and training workers, the wasm binaries), except .vite/manifest.json',
    single_file_gzip: 'dist/mlops-lab.html (everything inlined)',
    method: 'each file gzipped on its own with zlib level 9; bytes',
  },
  files: {
    monitor_only: Object.fromEntries(monitorFiles.map((f) => [f, gzipBytes(join(EMBED, f))])),
    full_embed: Object.fromEntries(embedFiles.map((f) => [f, gzipBytes(join(EMBED, f))])),
    single_file_raw_bytes: statSync(single).size,
  },
};
const text = `${JSON.stringify(result, null, 2)}\n`;
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(join(ROOT, 'bench', 'results', 'size.json'), text);
process.stdout.write(text);
