/**
 * The custom section that lets a host trace a component's commands to the workflow's TypeScript
 * (src/engine/host/sources.ts reads it): esbuild's source map of the bundle, the workflow module's
 * name, which sources are the SDK's, and where each workflow function is declared (a completed
 * workflow's command comes from a `return`, which no stack shows). Appended to the component after
 * componentize-js, so the JS → component cache is unaffected by changes that move only lines.
 */
import ts from 'typescript';
import { readFileSync } from 'node:fs';
import { SOURCES_SECTION, type SourcesSection } from '../../engine/host/sources.ts';
import { u32Bytes } from '../../engine/host/wasm-binary.ts';

/** The name componentize-js gives the bundle (componentize.ts writes it as `workflow.js`). */
export const BUNDLE_FILE = 'workflow.js';

interface EsbuildSourceMap {
  sources: string[];
  sourcesContent?: Array<string | null>;
  mappings: string;
}

/**
 * 1-based positions of the functions `path` exports by name (`export async function greet`,
 * `export const greet = async () => …`, `export default function`), as TypeScript parses it.
 */
export function workflowDeclarations(
  path: string,
  text = readFileSync(path, 'utf8'),
): SourcesSection['workflows'] {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const out: SourcesSection['workflows'] = {};
  const at = (node: ts.Node) => {
    const { line, character } = file.getLineAndCharacterOfPosition(node.getStart(file));
    return { line: line + 1, column: character + 1 };
  };
  const exported = (node: ts.Node) =>
    ts.canHaveModifiers(node) &&
    (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const isDefault = (node: ts.Node) =>
    ts.canHaveModifiers(node) &&
    (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
  for (const statement of file.statements) {
    if (ts.isFunctionDeclaration(statement) && exported(statement)) {
      const name = isDefault(statement) ? 'default' : statement.name?.text;
      if (name) out[name] = at(statement);
    } else if (ts.isVariableStatement(statement) && exported(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer;
        if (
          ts.isIdentifier(declaration.name) &&
          init &&
          (ts.isArrowFunction(init) || ts.isFunctionExpression(init))
        )
          out[declaration.name.text] = at(statement);
      }
    }
  }
  return out;
}

/** The section's JSON, from esbuild's map (sources relative to the repo) and the entry module. */
export function sourcesSection(
  map: EsbuildSourceMap,
  entry: string,
  entryPath: string,
  isLibrary: (source: string) => boolean,
): SourcesSection {
  const library: number[] = [];
  map.sources.forEach((source, i) => {
    if (isLibrary(source)) library.push(i);
  });
  return {
    version: 1,
    bundle: BUNDLE_FILE,
    entry,
    sources: map.sources,
    // The SDK's own text is not shown (and would add a third to the section).
    sourcesContent: map.sources.map((_, i) =>
      library.includes(i) ? null : (map.sourcesContent?.[i] ?? null),
    ),
    mappings: map.mappings,
    library,
    workflows: workflowDeclarations(entryPath),
  };
}

/** `component` with a custom section carrying `section` appended (valid anywhere at top level). */
export function withSourcesSection(component: Uint8Array, section: SourcesSection): Uint8Array {
  const encoder = new TextEncoder();
  const name = encoder.encode(SOURCES_SECTION);
  const body = encoder.encode(JSON.stringify(section));
  const payload = [...u32Bytes(name.length), ...name];
  const size = payload.length + body.length;
  const header = Uint8Array.from([0, ...u32Bytes(size), ...payload]);
  const out = new Uint8Array(component.length + header.length + body.length);
  out.set(component, 0);
  out.set(header, component.length);
  out.set(body, component.length + header.length);
  return out;
}
