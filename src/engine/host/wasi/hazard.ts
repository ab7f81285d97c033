/**
 * What the guest reached for outside the workflow ABI. A workflow's only input must be its
 * activations: a clock, random bytes, the environment, files or the network are all hazards to
 * determinism even when this host answers them deterministically, because another host (or the
 * real worker, which offers no WASI at all) would answer differently.
 */
export type HazardKind =
  | 'wall-clock'
  | 'monotonic-clock'
  | 'clock-wait'
  | 'random'
  | 'environment'
  | 'stdin'
  | 'exit'
  | 'filesystem'
  | 'network'
  | 'other';

/** One kind of WASI call as the host saw it. */
export interface WasiCall {
  kind: HazardKind;
  /** Unversioned interface name, e.g. `wasi:clocks/wall-clock`. */
  interface: string;
  /** Function name as the WIT spells it, e.g. `now`, `[method]descriptor.read`. */
  function: string;
  /** What the host answered, short (e.g. the workflow time returned), or why it refused. */
  answer: string;
  /** The host refused the call (the guest saw an error or trapped). */
  denied: boolean;
}

const WHAT: Record<HazardKind, string> = {
  'wall-clock': 'read the wall clock',
  'monotonic-clock': 'read the monotonic clock',
  'clock-wait': 'waited on a clock',
  random: 'read random bytes',
  environment: 'read the process environment',
  stdin: 'read standard input',
  exit: 'tried to exit the process',
  filesystem: 'tried to use the file system',
  network: 'tried to use the network',
  other: 'called a WASI function',
};

/**
 * "guest read the wall clock 2× during activate at activation 7", counting activations from 1
 * as people do (trace entries hold the 0-based index).
 */
export function hazardSentence(
  kind: HazardKind,
  where: { activation: number; count: number; during?: string },
): string {
  const times = where.count > 1 ? ` ${where.count}×` : '';
  const during = where.during ? ` during ${where.during}` : '';
  return `guest ${WHAT[kind]}${times}${during} at activation ${where.activation + 1}`;
}
