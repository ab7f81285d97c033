/**
 * Fails when modules import each other in a cycle (run by `npm run lint`). A cycle makes load
 * order matter (a module can run before the one it imports has finished) and hides which module
 * owns a concept. Type-only imports (`import type`, `export type`) are erased and do not count;
 * dynamic `import()` loads later and does not either. Relative imports only: packages cannot
 * import us back.
 */
import ts from 'typescript';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIRS = ['src', 'sdk', 'bench', 'scripts', 'test', 'e2e', 'examples', 'examples-rust'];
const SKIP = new Set(['node_modules', 'generated', 'dist', '.cache']);

function sourceFiles(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** The relative modules `file` imports at load time, resolved to files. */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const found: string[] = [];
  for (const statement of source.statements) {
    let specifier: ts.Expression | undefined;
    if (ts.isImportDeclaration(statement)) {
      if (statement.importClause?.isTypeOnly) continue;
      specifier = statement.moduleSpecifier;
    } else if (ts.isExportDeclaration(statement)) {
      if (statement.isTypeOnly) continue;
      specifier = statement.moduleSpecifier;
    }
    if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) continue;
    const target = resolveModule(dirname(file), specifier.text);
    if (target) found.push(target);
  }
  return found;
}

function resolveModule(from: string, specifier: string): string | undefined {
  const base = resolve(from, specifier);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

/** Strongly connected components of more than one module (or a module importing itself). */
function cycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node))
      found.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

/** One path around the cycle, for the message: from its first module back to it. */
function loopThrough(component: string[], graph: Map<string, string[]>): string[] {
  const members = new Set(component);
  const start = component[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const next of graph.get(node) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(previous.get(path[0]!)!);
        return [...path, start];
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return component;
}

const files = DIRS.flatMap((dir) => sourceFiles(join(ROOT, dir)));
const graph = new Map(files.map((file) => [file, runtimeImports(file)]));
const found = cycles(graph);
for (const component of found) {
  const loop = loopThrough(component, graph).map((f) => relative(ROOT, f));
  console.error(
    `import cycle among ${component.length} modules:\n  ${loop.join('\n    → ')}` +
      (component.length > loop.length - 1
        ? `\n  (also in it: ${component
            .map((f) => relative(ROOT, f))
            .filter((f) => !loop.includes(f))
            .join(', ')})`
        : ''),
  );
}
if (found.length > 0) {
  console.error(`\n${found.length} import cycle(s): break each by moving what both sides need.`);
  process.exit(1);
}
console.log(`no import cycles among ${files.length} modules`);
