/**
 * Generates `custom-elements.json` (the Custom Elements Manifest, schema 2.1.0: what editors, docs
 * tools and Storybook read) from our own sources with the TypeScript compiler API, no other tool:
 * - every `customElements.define('mlops-x', Class)` under components/ names an element;
 * - the class's JSDoc gives `description`, `@summary`, `@fires`, `@csspart`, `@cssproperty`, `@slot`,
 *   and `@attr` for attributes the element reads itself (not reactive properties);
 * - `static properties = { ... }` gives the reactive properties (type, attribute name, reflection;
 *   Lit's default attribute is the lower-cased property name), with the type and description of the
 *   field that declares each; public getters and methods with JSDoc become members too;
 * - elements whose LabController may start their own Lab also list the attributes it reads
 *   (`recording`, `scenario`, `seed`, `policy`, `replay-speed`, `lab-group`, `sync-url`;
 *   components/shared/lab-controller.ts).
 * The output is sorted and stable, so a unit test can say when the committed file is stale.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** A named, described thing (event, part, CSS property, slot). */
interface Named {
  name: string;
  description: string;
}

interface Attribute {
  name: string;
  description: string;
  type?: { text: string };
  fieldName?: string;
}

interface Member {
  kind: 'field' | 'method';
  name: string;
  description: string;
  type?: { text: string };
  attribute?: string;
  reflects?: boolean;
  readonly?: boolean;
}

/** One element's declaration in the manifest. */
export interface ElementDeclaration {
  kind: 'class';
  customElement: true;
  name: string;
  tagName: string;
  summary: string;
  description: string;
  superclass: { name: string; package?: string; module?: string };
  attributes: Attribute[];
  members: Member[];
  events: (Named & { type: { text: string } })[];
  cssParts: Named[];
  cssProperties: Named[];
  slots: Named[];
}

/** Attributes the LabController reads on an element that may start its own Lab. */
const CONTROLLER_ATTRIBUTES: Attribute[] = [
  { name: 'recording', description: "URL (same origin as the page) of a recorded run (npm run record) to replay instead of a live Lab: no TensorFlow.js is loaded. Used only when the element has no Lab given or provided.", type: { text: 'string' } },
  { name: 'replay-speed', description: 'Simulated seconds per real second of a replayed recording (default 20).', type: { text: 'number' } },
  { name: 'scenario', description: "Scenario of the element's own Lab (default moons-rotation); an unknown name shows a message and the default is used.", type: { text: 'string' } },
  { name: 'seed', description: "Seed of the element's own Lab (a whole number, default 7); a bad value shows a message and the default is used.", type: { text: 'number' } },
  { name: 'policy', description: "Retraining policy of the element's own Lab (off, manual, on-alert, on-alert-canary, on-alert-shadow, schedule; default on-alert).", type: { text: 'string' } },
  { name: 'backend', description: "Backend policy of the element's own Lab (gpu-first, fastest, webgpu, webgl, wasm, cpu; default gpu-first, which skips a GPU emulated in software).", type: { text: 'string' } },
  { name: 'lab-group', description: 'Elements alone on a page with the same lab-group share one own Lab (the first to start configures it with its attributes; the last to leave disposes it).', type: { text: 'string' } },
  { name: 'sync-url', description: "Take the own Lab's run from the page's URL hash (a garbage or outdated hash: a notice and the defaults) and write the run there; without it the element never touches the URL.", type: { text: 'boolean' } },
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** The comment of a JSDoc tag as one line of text. */
function tagText(tag: ts.JSDocTag): string {
  const c = ts.getTextOfJSDocComment(tag.comment) ?? '';
  return c.replace(/\s+/g, ' ').trim();
}

/** `name - description` (the description may be absent). */
function splitNamed(text: string): Named {
  const m = /^(\S*)\s*(?:-\s*)?([\s\S]*)$/.exec(text);
  const name = m?.[1] ?? '';
  return name === '-' ? { name: '', description: (m?.[2] ?? '').trim() } : { name, description: (m?.[2] ?? '').trim() };
}

function docOf(node: ts.Node): { description: string; tags: readonly ts.JSDocTag[] } {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  const last = docs.at(-1);
  const description = last ? (ts.getTextOfJSDocComment(last.comment) ?? '').replace(/[ \t]*\n[ \t]*/g, '\n').trim() : '';
  return { description, tags: last?.tags ?? [] };
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

function propertyOptions(init: ts.Expression | undefined): { attribute: string | false | null; type: string | null; reflect: boolean; state: boolean } {
  const o = { attribute: null as string | false | null, type: null as string | null, reflect: false, state: false };
  if (!init || !ts.isObjectLiteralExpression(init)) return o;
  for (const p of init.properties) {
    if (!ts.isPropertyAssignment(p) || !ts.isIdentifier(p.name)) continue;
    const key = p.name.text;
    const v = p.initializer;
    if (key === 'attribute') o.attribute = ts.isStringLiteral(v) ? v.text : v.kind === ts.SyntaxKind.FalseKeyword ? false : null;
    if (key === 'type' && ts.isIdentifier(v)) o.type = v.text;
    if (key === 'reflect') o.reflect = v.kind === ts.SyntaxKind.TrueKeyword;
    if (key === 'state') o.state = v.kind === ts.SyntaxKind.TrueKeyword;
  }
  return o;
}

const isPrivate = (m: ts.ClassElement) => !!m.name && (ts.isPrivateIdentifier(m.name) || (ts.getCombinedModifierFlags(m as ts.Declaration) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) !== 0);
const isStatic = (m: ts.ClassElement) => (ts.getCombinedModifierFlags(m as ts.Declaration) & ts.ModifierFlags.Static) !== 0;
const isOverride = (m: ts.ClassElement) => (ts.getCombinedModifierFlags(m as ts.Declaration) & ts.ModifierFlags.Override) !== 0;

function declarationOf(cls: ts.ClassDeclaration, tagName: string, source: ts.SourceFile): ElementDeclaration {
  const { description, tags } = docOf(cls);
  const tagged = (name: string) => tags.filter((t) => t.tagName.text === name).map((t) => splitNamed(tagText(t)));
  const summary = tags.filter((t) => t.tagName.text === 'summary').map(tagText)[0] ?? '';
  const heritage = cls.heritageClauses?.[0]?.types[0]?.expression.getText(source) ?? 'HTMLElement';
  const fields = new Map<string, ts.PropertyDeclaration | ts.GetAccessorDeclaration>();
  for (const m of cls.members) if ((ts.isPropertyDeclaration(m) || ts.isGetAccessorDeclaration(m)) && m.name && ts.isIdentifier(m.name) && !isStatic(m)) fields.set(m.name.text, m);
  const attributes: Attribute[] = [];
  const members: Member[] = [];
  const reactive = new Set<string>();
  const props = cls.members.find((m): m is ts.PropertyDeclaration => ts.isPropertyDeclaration(m) && isStatic(m) && m.name.getText(source) === 'properties');
  if (props?.initializer && ts.isObjectLiteralExpression(props.initializer)) {
    for (const p of props.initializer.properties) {
      if (!ts.isPropertyAssignment(p)) continue;
      const name = p.name.getText(source).replace(/['"]/g, '');
      const options = propertyOptions(p.initializer);
      if (options.state) continue;
      reactive.add(name);
      const field = fields.get(name);
      const typeNode = field && ts.isPropertyDeclaration(field) ? field.type : undefined;
      const typeText = typeNode ? typeNode.getText(source) : (options.type ?? 'unknown').toLowerCase();
      const fieldDoc = field ? oneLine(docOf(field).description) : '';
      const attribute = options.attribute === false ? null : (options.attribute ?? name.toLowerCase());
      const member: Member = { kind: 'field', name, description: fieldDoc, type: { text: typeText } };
      if (attribute) {
        member.attribute = attribute;
        if (options.reflect) member.reflects = true;
        attributes.push({ name: attribute, fieldName: name, description: fieldDoc, type: { text: typeText } });
      }
      members.push(member);
    }
  }
  for (const m of cls.members) {
    if (!m.name || !ts.isIdentifier(m.name) || isPrivate(m) || isStatic(m) || isOverride(m) || reactive.has(m.name.text)) continue;
    const doc = oneLine(docOf(m).description);
    if (!doc) continue;
    if (ts.isGetAccessorDeclaration(m)) {
      const hasSetter = cls.members.some((o) => ts.isSetAccessorDeclaration(o) && o.name.getText(source) === m.name.getText(source));
      members.push({ kind: 'field', name: m.name.text, description: doc, ...(m.type ? { type: { text: m.type.getText(source) } } : {}), ...(hasSetter ? {} : { readonly: true }) });
    } else if (ts.isMethodDeclaration(m)) {
      const signature = `(${m.parameters.map((p) => p.getText(source)).join(', ')})${m.type ? `: ${m.type.getText(source)}` : ''}`;
      members.push({ kind: 'method', name: m.name.text, description: doc, type: { text: signature } });
    } else if (ts.isPropertyDeclaration(m)) {
      members.push({ kind: 'field', name: m.name.text, description: doc, ...(m.type ? { type: { text: m.type.getText(source) } } : {}) });
    }
  }
  // Attributes read outside `static properties` (plain attributes the element checks itself): `@attr name - description`.
  for (const a of tagged('attr')) if (!attributes.some((b) => b.name === a.name)) attributes.push({ ...a, type: { text: 'string' } });
  const text = cls.getText(source);
  if (/new LabController\(/.test(text) && !/createOwn:\s*false/.test(text)) {
    for (const a of CONTROLLER_ATTRIBUTES) if (!attributes.some((b) => b.name === a.name)) attributes.push(a);
  }
  return {
    kind: 'class',
    customElement: true,
    name: cls.name?.text ?? '',
    tagName,
    summary,
    description,
    superclass: heritage === 'LitElement' ? { name: 'LitElement', package: 'lit' } : { name: heritage },
    attributes,
    members,
    events: tagged('fires').map((e) => ({ ...e, type: { text: 'CustomEvent' } })),
    cssParts: tagged('csspart'),
    cssProperties: tagged('cssproperty'),
    slots: tagged('slot'),
  };
}

/** The manifest of every element defined under `root`/components. */
export function generateManifest(root: string): Record<string, unknown> {
  const files = filesUnder(join(root, 'components')).sort();
  const sources = new Map(files.map((f) => [f, ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.ES2022, true)]));
  const classes = new Map<string, { cls: ts.ClassDeclaration; file: string }>();
  const defines: { tag: string; className: string; file: string }[] = [];
  for (const [file, source] of sources) {
    const visit = (node: ts.Node): void => {
      if (ts.isClassDeclaration(node) && node.name) classes.set(node.name.text, { cls: node, file });
      if (ts.isCallExpression(node) && node.expression.getText(source) === 'customElements.define') {
        const [tag, cls] = node.arguments;
        if (tag && cls && ts.isStringLiteral(tag) && ts.isIdentifier(cls)) defines.push({ tag: tag.text, className: cls.text, file });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  const modules = defines
    .sort((a, b) => a.tag.localeCompare(b.tag))
    .flatMap(({ tag, className, file }) => {
      const found = classes.get(className);
      if (!found) return [];
      const declaration = declarationOf(found.cls, tag, sources.get(found.file) as ts.SourceFile);
      const classPath = relative(root, found.file).split('\\').join('/');
      const definePath = relative(root, file).split('\\').join('/');
      return [
        { kind: 'javascript-module', path: classPath, declarations: [declaration], exports: [{ kind: 'js', name: className, declaration: { name: className, module: classPath } }] },
        { kind: 'javascript-module', path: definePath, declarations: [], exports: [{ kind: 'custom-element-definition', name: tag, declaration: { name: className, module: classPath } }] },
      ];
    });
  return { schemaVersion: '2.1.0', readme: 'README.md', modules };
}

/** The manifest as the committed file holds it (2-space JSON and a final newline). */
export function manifestText(root: string): string {
  return `${JSON.stringify(generateManifest(root), null, 2)}\n`;
}
