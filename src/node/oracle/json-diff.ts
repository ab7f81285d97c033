/**
 * Field paths where two JSON values differ, each as `path: ours X, <other> Y`: how `check-core`
 * (against sdk-core) and `check-host` (against Temporal's own host) report a difference.
 */
export interface JsonDiffOptions {
  /** Who the other side is, in the report: `sdk-core`, `upstream`. */
  other: string;
  /** Stop after this many differences. */
  max: number;
  show?: (value: unknown) => string;
  /** Objects to count as equal without looking inside them. */
  sameObjects?: (a: Record<string, unknown>, b: Record<string, unknown>) => boolean;
}

const showShort = (value: unknown) => JSON.stringify(value)?.slice(0, 120) ?? 'undefined';

export function jsonDiff(
  a: unknown,
  b: unknown,
  path: string,
  out: string[],
  options: JsonDiffOptions,
): void {
  if (out.length >= options.max) return;
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  if (
    a &&
    b &&
    typeof a === 'object' &&
    typeof b === 'object' &&
    !Array.isArray(a) === !Array.isArray(b)
  ) {
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    if (options.sameObjects?.(ra, rb)) return;
    for (const k of new Set([...Object.keys(ra), ...Object.keys(rb)]))
      jsonDiff(ra[k], rb[k], `${path}.${k}`, out, options);
    return;
  }
  const show = options.show ?? showShort;
  out.push(`${path}: ours ${show(a)}, ${options.other} ${show(b)}`);
}
