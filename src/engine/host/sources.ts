/**
 * The workflow's source, as a component built by this project carries it: esbuild's source map of
 * the bundle componentize-js embedded, in a custom section of the component (SOURCES_SECTION,
 * written by src/node/build/sources-section.ts). With it the host maps the JavaScript stacks the
 * guest SDK sends over `set-current-details` (src/engine/wit/source-site.ts) to the workflow's
 * TypeScript file and line. Components from other toolchains have no such section; `sourcesOf`
 * then says why there is no source to show.
 */
import { parseStack, type StackFrame } from '../wit/source-site.ts';

/** Name of the component's custom section that carries the sources (a JSON `SourcesSection`). */
export const SOURCES_SECTION = 'workflow-playground-sources';

/** What the build writes into the section: a source map (version 3 fields) and what it knows. */
export interface SourcesSection {
  version: 1;
  /** The file name SpiderMonkey gives the bundle in stacks (`workflow.js`). */
  bundle: string;
  /** The workflow module, as named in `sources`. */
  entry: string;
  sources: string[];
  /** Each source's text; null for the SDK's own files (not shown, not stored). */
  sourcesContent: Array<string | null>;
  mappings: string;
  /** Indices in `sources` of library code (the guest SDK): never a command's location. */
  library: number[];
  /** Where each workflow function is declared (1-based line and column in `entry`). */
  workflows: Record<string, { line: number; column: number }>;
}

/** A place in the workflow's TypeScript, 1-based. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
  /** The function the frame is in, when the stack names one. */
  functionName?: string;
}

/** Where a command (or a wait) came from in the workflow's source. */
export interface SourceSite extends SourcePosition {
  /** `call`: a frame of the stack the guest captured; `declaration`: the workflow function. */
  via: 'call' | 'declaration';
}

/** What a component says about its source: the files to show, or why there are none. */
export type SourcesInfo =
  | { available: true; entry: string; files: Record<string, string> }
  | { available: false; reason: string };

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE64.length; i++) DIGIT[BASE64.charCodeAt(i)] = i;

/** Segments of one generated line: [generated column, source, line, column] per segment, 0-based. */
type LineSegments = Int32Array;

/** Decodes a source map's `mappings` (base64 VLQ, deltas) into absolute segments per line. */
export function decodeMappings(mappings: string): LineSegments[] {
  const lines: LineSegments[] = [];
  let segment: number[] = [];
  let line: number[] = [];
  let source = 0;
  let sourceLine = 0;
  let sourceColumn = 0;
  let column = 0;
  let value = 0;
  let shift = 0;
  const endSegment = () => {
    if (segment.length >= 4) {
      column += segment[0]!;
      source += segment[1]!;
      sourceLine += segment[2]!;
      sourceColumn += segment[3]!;
      line.push(column, source, sourceLine, sourceColumn);
    } else if (segment.length === 1) column += segment[0]!;
    segment = [];
  };
  for (let i = 0; i <= mappings.length; i++) {
    const char = i < mappings.length ? mappings.charCodeAt(i) : 59; // end = ';'
    if (char === 44 || char === 59) {
      endSegment();
      if (char === 59) {
        lines.push(Int32Array.from(line));
        line = [];
        column = 0;
      }
      continue;
    }
    const digit = char < 128 ? DIGIT[char]! : -1;
    if (digit < 0) throw new Error(`invalid character ${JSON.stringify(mappings[i])} at ${i}`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    segment.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return lines;
}

/** Reads an unsigned LEB128 at `offset`; returns [value, next offset]. */
function leb(bytes: Uint8Array, offset: number): [number, number] {
  let value = 0;
  let shift = 0;
  for (;;) {
    if (offset >= bytes.length) throw new RangeError('truncated LEB128');
    const byte = bytes[offset++]!;
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return [value, offset];
    shift += 7;
  }
}

/** The contents of top-level custom section `name` of a component or module, if it has one. */
export function customSection(bytes: Uint8Array, name: string): Uint8Array | undefined {
  const decoder = new TextDecoder();
  let offset = 8; // magic and version/layer
  while (offset < bytes.length) {
    const id = bytes[offset]!;
    const [size, start] = leb(bytes, offset + 1);
    const end = start + size;
    if (end > bytes.length) return undefined;
    if (id === 0) {
      const [nameLength, nameStart] = leb(bytes, start);
      const sectionName = decoder.decode(bytes.subarray(nameStart, nameStart + nameLength));
      if (sectionName === name) return bytes.subarray(nameStart + nameLength, end);
    }
    offset = end;
  }
  return undefined;
}

/** Why a component without the section has no source to show. */
export const NO_SOURCES_REASON =
  'This component carries no source map: it was not built with this project’s TypeScript SDK ' +
  '(workflow-playground build embeds one), so its commands cannot be traced to source lines. ' +
  'Components from other toolchains (Rust’s temporalio-workflow, componentize-js by hand) have none.';

export class ComponentSources {
  private lines: LineSegments[] | undefined;
  private readonly library: Set<number>;

  constructor(readonly section: SourcesSection) {
    this.library = new Set(section.library);
  }

  /** Parses the section of `bytes`; undefined when there is none, an error when it is unreadable. */
  static fromComponent(bytes: Uint8Array): ComponentSources | Error | undefined {
    const raw = customSection(bytes, SOURCES_SECTION);
    if (!raw) return undefined;
    try {
      const section = JSON.parse(new TextDecoder().decode(raw)) as SourcesSection;
      if (section.version !== 1 || !Array.isArray(section.sources))
        throw new Error(`unknown layout (version ${String(section.version)})`);
      return new ComponentSources(section);
    } catch (thrown) {
      return new Error(
        `The component's ${SOURCES_SECTION} section is unreadable: ${(thrown as Error).message}`,
      );
    }
  }

  get entry(): string {
    return this.section.entry;
  }

  /** The sources worth showing (the workflow module and what it imports, not the SDK). */
  info(): SourcesInfo {
    const files: Record<string, string> = {};
    this.section.sources.forEach((path, i) => {
      const content = this.section.sourcesContent[i];
      if (content != null && !this.library.has(i)) files[path] = content;
    });
    return { available: true, entry: this.section.entry, files };
  }

  /** A bundle position (1-based line and column, as SpiderMonkey reports) in workflow source. */
  private map(frame: StackFrame): SourcePosition | undefined {
    if (frame.file !== this.section.bundle) return undefined;
    this.lines ??= decodeMappings(this.section.mappings);
    const segments = this.lines[frame.line - 1];
    if (!segments || segments.length === 0) return undefined;
    const column = frame.column - 1;
    let found = -1;
    for (let i = 0; i < segments.length; i += 4) {
      if (segments[i]! > column) break;
      found = i;
    }
    if (found < 0) found = 0;
    const source = segments[found + 1]!;
    if (this.library.has(source)) return undefined;
    const file = this.section.sources[source];
    if (file === undefined) return undefined;
    const name = frame.functionName.split('/')[0];
    return {
      file,
      line: segments[found + 2]! + 1,
      column: segments[found + 3]! + 1,
      ...(name ? { functionName: name } : {}),
    };
  }

  /**
   * The site of the first stack that reaches workflow code: its innermost frame in the workflow
   * module (an interceptor module's frame only when the module has none), else the declaration of
   * `workflowType` when given. Runs for every command, so it reads frames in place and stops at the
   * first one in the workflow module.
   */
  locate(stacks: readonly string[], workflowType?: string): SourceSite | undefined {
    for (const stack of stacks) {
      let fallback: SourcePosition | undefined;
      for (let start = 0; start < stack.length;) {
        let end = stack.indexOf('\n', start);
        if (end < 0) end = stack.length;
        const frame = this.bundleFrame(stack, start, end);
        start = end + 1;
        const mapped = frame && this.map(frame);
        if (!mapped) continue;
        if (mapped.file === this.section.entry) return { ...mapped, via: 'call' };
        fallback ??= mapped;
      }
      if (fallback) return { ...fallback, via: 'call' };
    }
    const declared = workflowType === undefined ? undefined : this.section.workflows[workflowType];
    if (!declared) return undefined;
    return {
      file: this.section.entry,
      ...declared,
      functionName: workflowType!,
      via: 'declaration',
    };
  }

  /** The frame `stack[start, end)` holds if it is a frame of the bundle (`name@workflow.js:L:C`). */
  private bundleFrame(stack: string, start: number, end: number): StackFrame | undefined {
    const columnColon = stack.lastIndexOf(':', end - 1);
    const lineColon = stack.lastIndexOf(':', columnColon - 1);
    const bundle = this.section.bundle;
    const at = lineColon - bundle.length - 1;
    if (columnColon <= start || at < start || stack[at] !== '@') return undefined;
    if (!stack.startsWith(bundle, at + 1)) return undefined;
    const line = Number(stack.slice(lineColon + 1, columnColon));
    const column = Number(stack.slice(columnColon + 1, end));
    if (!Number.isInteger(line) || !Number.isInteger(column)) return undefined;
    return { functionName: stack.slice(start, at).trim(), file: bundle, line, column };
  }

  /**
   * The guest's `__stack_trace` answer with its bundle frames (`fn@workflow.js:L:C`) rewritten as
   * workflow source lines (`    at fn (examples/x/workflow.ts:12:5)`) and the SDK's frames left out.
   */
  rewriteStackTrace(text: string): string {
    return text
      .split('\n')
      .flatMap((line) => {
        const [frame] = parseStack(line);
        if (!frame) return [line];
        // Frames outside the bundle are componentize-js's own glue.
        const mapped = this.map(frame);
        if (!mapped) return [];
        const where = `${mapped.file}:${mapped.line}:${mapped.column}`;
        return [`    at ${mapped.functionName ? `${mapped.functionName} (${where})` : where}`];
      })
      .join('\n');
  }
}

/** Just the position of a site (its file, line, column and function). */
export function positionOf(site: SourcePosition): SourcePosition {
  const { file, line, column, functionName } = site;
  return { file, line, column, ...(functionName ? { functionName } : {}) };
}

/** `file:line`, as people cite a source line. */
export function siteText(site: SourcePosition): string {
  const base = site.file.split('/').pop() ?? site.file;
  return `${base}:${site.line}`;
}
