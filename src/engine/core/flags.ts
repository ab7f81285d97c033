/**
 * sdk-core's internal flags: behaviour changes that only apply to histories which recorded them
 * (in `sdkMetadata` of WorkflowTaskCompleted). Replaying, core uses a flag only if history says so.
 */
import type { temporal } from '../proto/index.ts';

export const CoreFlag = {
  IdAndTypeDeterminismChecks: 1,
  UpsertSearchAttributeOnPatch: 2,
  MoveTerminalCommands: 3,
} as const;
export type CoreFlag = (typeof CoreFlag)[keyof typeof CoreFlag];

export class InternalFlags {
  readonly core = new Set<number>();
  readonly lang = new Set<number>();
  lastSdkName = '';
  lastSdkVersion = '';

  /**
   * @param canWriteSdkMetadata whether new flags may be recorded. sdk-core's offline replay worker
   *   behaves as if they may (measured: it applies id/type checks in the last task of any history).
   */
  constructor(private readonly canWriteSdkMetadata = true) {}

  addFromCompleted(attrs: temporal.api.history.v1.IWorkflowTaskCompletedEventAttributes): void {
    const meta = attrs.sdkMetadata;
    if (!meta) return;
    for (const f of meta.coreUsedFlags ?? []) this.core.add(f);
    for (const f of meta.langUsedFlags ?? []) this.lang.add(f);
    if (meta.sdkName) this.lastSdkName = meta.sdkName;
    if (meta.sdkVersion) this.lastSdkVersion = meta.sdkVersion;
  }

  /** Whether the behaviour behind `flag` applies now. */
  tryUse(flag: CoreFlag, shouldRecord: boolean): boolean {
    if (shouldRecord) return this.canWriteSdkMetadata;
    return this.core.has(flag);
  }

  /** Lang flags first used by this worker, not yet written to a WorkflowTaskCompleted. */
  private readonly newLang = new Set<number>();

  /**
   * What lang reported in `used_internal_flags` of a completion. Like sdk-core, flags history
   * already holds are not recorded again.
   */
  addLangUsed(flags: readonly number[]): void {
    if (!this.canWriteSdkMetadata) return;
    for (const f of flags) {
      if (this.lang.has(f)) continue;
      this.lang.add(f);
      this.newLang.add(f);
    }
  }

  /** The lang flags the next WorkflowTaskCompleted records (`sdkMetadata.langUsedFlags`). */
  takeNewLangFlags(): number[] {
    const flags = [...this.newLang].sort((a, b) => a - b);
    this.newLang.clear();
    return flags;
  }

  langFlags(): number[] {
    return [...this.lang].sort((a, b) => a - b);
  }
}
