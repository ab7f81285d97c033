/**
 * The lang (workflow SDK) internal flags a guest used, over `set-current-details`. sdk-core learns
 * them from `WorkflowActivationCompletion.successful.used_internal_flags` and records new ones in
 * the task's WorkflowTaskCompleted (`sdkMetadata.langUsedFlags`), so a later replay takes the same
 * path; the world has no field for them, so the guest SDK sends them as a details string starting
 * with LANG_FLAGS_PREFIX (the record separator, as log records do). A host that does not know the
 * convention ignores it as it ignores details.
 */
export const LANG_FLAGS_PREFIX = '\u001eflags ';

export function encodeLangFlags(flags: readonly number[]): string {
  return LANG_FLAGS_PREFIX + flags.join(',');
}

/** The flags a details string carries, or undefined when it carries none. */
export function decodeLangFlags(details: string): number[] | undefined {
  if (!details.startsWith(LANG_FLAGS_PREFIX)) return undefined;
  const flags = details
    .slice(LANG_FLAGS_PREFIX.length)
    .split(',')
    .map((s) => Number(s));
  return flags.every((f) => Number.isInteger(f) && f > 0 && f <= 0xffffffff) ? flags : undefined;
}
