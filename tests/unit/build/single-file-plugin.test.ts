/**
 * The one-file build's source rewrites: standard worker constructors become Vite inline-worker
 * constructors (the classic blob worker of dist/mlops-lab.html), and inlined scripts cannot close
 * their <script> element early. The whole build is tested end to end in tests/e2e/single-file.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { escapeInlineScript, rewriteWorkerConstructors } from '../../../build/single-file-plugin.ts';

describe('rewriteWorkerConstructors', () => {
  it('rewrites the trainer client\'s constructor, keeping its options (the worker name)', () => {
    const source = "const worker = new Worker(new URL('./training-worker.ts', import.meta.url), { type: 'module', name: 'mlops-trainer' });";
    expect(rewriteWorkerConstructors(source)).toBe(
      'import __mlopsInlineWorker0 from "./training-worker.ts?worker&inline";\n' +
        "const worker = new __mlopsInlineWorker0({ type: 'module', name: 'mlops-trainer' });",
    );
  });

  it('numbers several workers, accepts multi-line options, no options, a trailing comma and parent paths', () => {
    const source = [
      'const a = new Worker(',
      '  new URL("../worker/lab-worker.ts", import.meta.url),',
      "  {\n    type: 'module',\n    name: 'mlops-lab',\n  },",
      ');',
      'const b = new Worker(new URL(`./other.ts`, import.meta.url));',
      'const c = new SharedWorker(new URL("./shared.ts", import.meta.url), opts.shared);',
    ].join('\n');
    expect(rewriteWorkerConstructors(source)).toBe(
      [
        'import __mlopsInlineWorker0 from "../worker/lab-worker.ts?worker&inline";',
        'import __mlopsInlineWorker1 from "./other.ts?worker&inline";',
        'import __mlopsInlineWorker2 from "./shared.ts?sharedworker&inline";',
        "const a = new __mlopsInlineWorker0({\n    type: 'module',\n    name: 'mlops-lab',\n  });",
        'const b = new __mlopsInlineWorker1();',
        'const c = new __mlopsInlineWorker2(opts.shared);',
      ].join('\n'),
    );
  });

  it('leaves code alone when no worker is built from a relative file next to it', () => {
    expect(rewriteWorkerConstructors("new Worker(new URL('https://example.com/w.js', import.meta.url))")).toBeNull();
    expect(rewriteWorkerConstructors('new Worker(url, { type: "module" })')).toBeNull();
    expect(rewriteWorkerConstructors("const icon = new URL('./icon.svg', import.meta.url);")).toBeNull();
  });
});

describe('escapeInlineScript', () => {
  it('hides </script and <!-- from the HTML parser, whatever their case', () => {
    const code = 'const a = "</script>", b = `<!-- x -->`, c = /<\\/SCRIPT/;';
    const escaped = escapeInlineScript(code);
    expect(escaped).toBe('const a = "\\x3C/script>", b = `\\x3C!-- x -->`, c = /<\\/SCRIPT/;');
    expect(escaped).not.toMatch(/<\/script|<!--/i);
  });

  it('keeps the meaning of strings and template literals', () => {
    const code = 'globalThis.out = ["</script>", `<!--${1}-->`, "</Script"];';
    const run = new Function(`${escapeInlineScript(code)}; return globalThis.out;`) as () => string[];
    expect(run()).toEqual(['</script>', '<!--1-->', '</Script']);
  });
});
