/** The bridge's defaults, shared by the CLI (its help and parsing) and the bridge itself. */
export const DEFAULTS = {
  host: '127.0.0.1',
  port: 8765,
  appUrl: 'http://127.0.0.1:5173/',
  maxInFlight: 2,
  maxCachedWorkflows: 4,
  /** Under Temporal's default 10 s workflow task timeout, so the failure and its reason arrive first. */
  activationTimeoutMs: 9_000,
  shutdownGraceMs: 5_000,
  heartbeatMs: 15_000,
  helloTimeoutMs: 10_000,
  highWaterBytes: 1024 * 1024,
} as const;
