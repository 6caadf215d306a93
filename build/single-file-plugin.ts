/**
 * Vite plugins for the one-file offline build (`vite.single.config.ts`): the whole lab in
 * `dist/mlops-lab.html`, with no other file and no network request.
 *
 * Why two plugins and not a change in each worker client: this Chromium refuses a module worker
 * from a `file://` URL and a module-type worker from a blob URL, but runs a classic worker from a
 * blob URL. Every client constructs its worker the standard Vite way,
 * `new Worker(new URL('./x.ts', import.meta.url), { type: 'module', ... })`; `inlineWorkers` rewrites
 * exactly that expression into Vite's own `./x.ts?worker&inline` constructor, which (with
 * `worker.format: 'iife'`) bundles the worker as one classic script, keeps it as a string in the
 * page's code and starts it from a blob URL. Any new worker written that way is covered with no
 * edit. `inlineIntoHtml` then moves the page's single script and its styles into the HTML itself:
 * a module script may not be loaded from `file://`, but an inline one runs.
 */
import type { OutputAsset, OutputChunk } from 'rolldown';
import type { Plugin } from 'vite';

/** The name of the one-file build's output, next to the normal site in dist/. */
export const SINGLE_FILE_NAME = 'mlops-lab.html';

/**
 * `new Worker(new URL('<relative path>', import.meta.url)[, <options>])`; groups: constructor,
 * quote, path, options (an object literal without nested braces, or a name).
 */
const WORKER_EXPRESSION =
  /new\s+(Worker|SharedWorker)\s*\(\s*new\s+URL\s*\(\s*(['"`])(\.{1,2}\/[^'"`]+)\2\s*,\s*import\.meta\.url\s*\)\s*(?:,\s*(\{[^{}]*\}|[A-Za-z_$][\w$.]*)\s*)?,?\s*\)/g;

/** Source files of the lab itself (not dependencies), where worker constructors are rewritten. */
const OWN_SOURCE = /^(?!.*[\\/]node_modules[\\/]).*\.[cm]?[jt]s$/;

/**
 * Rewrites a module's standard worker constructors into Vite inline-worker constructors.
 * Returns null when the source constructs no worker. Exported for tests.
 */
export function rewriteWorkerConstructors(code: string): string | null {
  const imports: string[] = [];
  const rewritten = code.replace(WORKER_EXPRESSION, (_match, kind: string, _quote: string, path: string, options: string | undefined) => {
    const local = `__mlopsInlineWorker${imports.length}`;
    const query = kind === 'SharedWorker' ? 'sharedworker&inline' : 'worker&inline';
    imports.push(`import ${local} from ${JSON.stringify(`${path}?${query}`)};`);
    return `new ${local}(${options ?? ''})`;
  });
  if (imports.length === 0) return null;
  return `${imports.join('\n')}\n${rewritten}`;
}

/** Turns every standard `new Worker(new URL(..., import.meta.url))` into an inline classic worker. */
export function inlineWorkers(): Plugin {
  return {
    name: 'mlops:inline-workers',
    enforce: 'pre',
    transform(code, id) {
      if (!OWN_SOURCE.test(id.split('?')[0] ?? id) || !code.includes('import.meta.url')) return null;
      const rewritten = rewriteWorkerConstructors(code);
      return rewritten === null ? null : { code: rewritten, map: null };
    },
  };
}

/**
 * Makes a script safe inside `<script>...</script>`: the HTML parser would end the element at the
 * first `</script`, and `<!--` can switch it into a state where the real end tag is missed. `\x3C`
 * is `<` in strings, template literals and regular expressions, where such text can only occur.
 */
export function escapeInlineScript(code: string): string {
  return code.replace(/<(\/script|!--)/gi, '\\x3C$1');
}

/** Same for a stylesheet inside `<style>`. */
function escapeInlineStyle(css: string): string {
  return css.replace(/<\/style/gi, '\\3C/style');
}

/** The bundle's file referenced by an HTML attribute value such as `./assets/index-abc.js`. */
function bundleFile(bundle: Record<string, OutputAsset | OutputChunk>, href: string): OutputAsset | OutputChunk {
  const fileName = href.replace(/^\.?\//, '');
  const file = bundle[fileName];
  if (!file) throw new Error(`single-file build: ${href} is not in the bundle`);
  return file;
}

function text(file: OutputAsset | OutputChunk): string {
  if (file.type === 'chunk') return file.code;
  return typeof file.source === 'string' ? file.source : new TextDecoder().decode(file.source);
}

/** Which built page becomes the single file, and under what name. */
export interface InlineIntoHtmlOptions {
  /** The built HTML page (the build's input), e.g. `index.html`. */
  page?: string;
  /** The output file's name in the output folder. */
  fileName?: string;
}

/**
 * Replaces the built page and its files with one HTML file (`mlops-lab.html` by default): scripts
 * and stylesheets inlined, preload hints dropped, nothing else written. Fails the build if the page
 * would still reference another file.
 */
export function inlineIntoHtml({ page: pageName = 'index.html', fileName = SINGLE_FILE_NAME }: InlineIntoHtmlOptions = {}): Plugin {
  return {
    name: 'mlops:inline-into-html',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const page = bundle[pageName];
      if (!page || page.type !== 'asset') throw new Error(`single-file build: ${pageName} was not built`);
      const chunks = Object.values(bundle).filter((file): file is OutputChunk => file.type === 'chunk');
      if (chunks.length !== 1) throw new Error(`single-file build: expected one script, got ${chunks.map((c) => c.fileName).join(', ')}`);
      let html = text(page)
        .replace(/<link\s+rel="modulepreload"[^>]*>\s*/g, '')
        .replace(/<script\s+type="module"[^>]*\ssrc="([^"]+)"[^>]*><\/script>/g, (_m, src: string) => `<script type="module">${escapeInlineScript(text(bundleFile(bundle, src)))}</script>`)
        .replace(/<link\s+rel="stylesheet"[^>]*\shref="([^"]+)"[^>]*>/g, (_m, href: string) => `<style>${escapeInlineStyle(text(bundleFile(bundle, href)))}</style>`);
      for (const name of Object.keys(bundle)) {
        // Code refers to a file by a path relative to itself, so look for the bare file name too.
        const bare = name.slice(name.lastIndexOf('/') + 1);
        if (name !== pageName && html.includes(bare)) throw new Error(`single-file build: the page still refers to ${name}, which would be fetched`);
        delete bundle[name];
      }
      // The inlined script replaced the src attribute; a leftover would mean a file the page needs.
      if (/<script[^>]*\ssrc=/.test(html)) throw new Error('single-file build: a script is still loaded from a file');
      html = html.replace(/<script type="module">/, '<script type="module" data-single-file>');
      this.emitFile({ type: 'asset', fileName, source: html });
    },
  };
}
