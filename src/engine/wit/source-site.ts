/**
 * Where workflow code was when it asked for something, over `set-current-details`. The world has
 * no field for a command's source location (and wit/ stays ABI-identical to upstream), so the
 * guest SDK sends, right before each `push-command` (and for what the host makes on the workflow's
 * behalf: the terminal command, update responses), a details string starting with SITE_PREFIX (the
 * record separator, as log records and lang flags do) that carries the JavaScript stack(s) it
 * captured there, in the bundle's coordinates. The host maps them to the workflow's TypeScript
 * through the source map the build embeds in the component (src/engine/host/sources.ts). A host
 * that does not know the convention ignores it as it ignores details.
 *
 * Message: `SITE_PREFIX + target + '\n' + stacks joined by STACK_SEPARATOR`, where the first stack
 * with a frame in workflow code wins (a cancel command pushed from a reaction falls back to where
 * the operation it cancels was started).
 */
export const SITE_PREFIX = '\u001esite ';

/**
 * The query Temporal UIs send for a workflow's call stack (the TypeScript SDK's name). A guest
 * built with our SDK answers it with stacks in the bundle's coordinates, which the host rewrites
 * as source lines (src/engine/host/sources.ts).
 */
export const STACK_TRACE_QUERY = '__stack_trace';
const STACK_SEPARATOR = '\u001d';

/**
 * What the site belongs to: the next command the guest pushes in this call; the main routine's
 * terminal outcome this poll reports; the responses to update `protocolInstanceId`.
 */
export type SiteTarget =
  { kind: 'command' } | { kind: 'terminal' } | { kind: 'update'; protocolInstanceId: string };

export interface SiteMessage {
  target: SiteTarget;
  stacks: string[];
}

function targetText(target: SiteTarget): string {
  return target.kind === 'update' ? `update ${target.protocolInstanceId}` : target.kind;
}

export function encodeSite(target: SiteTarget, stacks: readonly string[]): string {
  return `${SITE_PREFIX}${targetText(target)}\n${stacks.join(STACK_SEPARATOR)}`;
}

/** The site a details string carries, or undefined when it carries none. */
export function decodeSite(details: string): SiteMessage | undefined {
  if (!details.startsWith(SITE_PREFIX)) return undefined;
  const newline = details.indexOf('\n');
  if (newline < 0) return undefined;
  const head = details.slice(SITE_PREFIX.length, newline);
  const stacks = details.slice(newline + 1).split(STACK_SEPARATOR);
  if (head === 'command' || head === 'terminal') return { target: { kind: head }, stacks };
  if (head.startsWith('update '))
    return { target: { kind: 'update', protocolInstanceId: head.slice(7) }, stacks };
  return undefined;
}

/** One frame of a SpiderMonkey stack (`name@file:line:column`, 1-based line and column). */
export interface StackFrame {
  functionName: string;
  file: string;
  line: number;
  column: number;
}

const FRAME = /^(.*?)@(.*):(\d+):(\d+)$/;

/** The frames of a SpiderMonkey `Error.stack`, innermost first; lines it cannot read are skipped. */
export function parseStack(stack: string): StackFrame[] {
  const frames: StackFrame[] = [];
  for (const line of stack.split('\n')) {
    const match = FRAME.exec(line.trim());
    if (!match) continue;
    frames.push({
      functionName: match[1]!,
      file: match[2]!,
      line: Number(match[3]),
      column: Number(match[4]),
    });
  }
  return frames;
}
