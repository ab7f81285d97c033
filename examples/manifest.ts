/**
 * Shape of `public/examples/index.json`, written by `npm run build:examples` and read by the app.
 * Each example folder holds `workflow.ts` and `example.json` (an ExampleMeta); so does each Rust
 * example in `examples-rust/` (its `src/lib.rs` instead of `workflow.ts`), listed as `rust-<id>`.
 */
import type { Scenario } from '../src/engine/sim/scenario.ts';

export interface ExampleMeta {
  title: string;
  description: string;
  /** The workflow type to start, and the arguments to start it with. */
  workflowType: string;
  input: unknown[];
  /** Position in the gallery (ascending): the start page and the selector list examples in it. */
  order?: number;
  /** Interceptor modules built into the component, relative to the example's folder. */
  interceptors?: string[];
  /**
   * What the outside world does in the example's default simulated run (signals, updates,
   * activity outcomes…), beyond its workflow type and input; activities it does not mention run
   * the example's own implementations in `activities.ts`.
   */
  scenario?: Omit<Scenario, 'workflowType' | 'input'>;
  /**
   * A history recorded for this example (a file in the example's folder, any format the loader
   * reads). Without one, the app starts a new run of the workflow with `input`.
   */
  history?: string;
  /**
   * The id of an older version of this example whose default simulated run (recorded with that
   * version's component) this example's component replays when it opens, as after a deployment.
   * Ignored when the example has a `history`.
   */
  replays?: string;
  /**
   * The TypeScript example whose `activities.ts` answers this example's activities in simulated
   * runs, when it has none of its own (the Rust examples borrow the TypeScript ones').
   */
  activities?: string;
}

export interface ExampleManifestEntry extends ExampleMeta {
  id: string;
  /** The language the workflow is written in (TypeScript when absent). */
  language?: 'rust';
  /** Component path relative to the app's base URL. */
  component: string;
  /** History path relative to the app's base URL, when the example has one. */
  history?: string;
  /**
   * Content hash of the build inputs (see src/node/build/build-component.ts); for a Rust example,
   * SHA-256 of its component. Absent from `npm start`'s manifest until the example is built (it
   * builds examples on demand and in the background: src/node/build/dev-examples.ts).
   */
  hash?: string;
  bytes?: number;
  /**
   * The workflow's source as written, shown beside its run (a Rust example's `src/lib.rs`):
   * the path in this repository and the text.
   */
  source?: { path: string; text: string };
}

export interface ExampleManifest {
  examples: ExampleManifestEntry[];
}

/**
 * An example's default scenario: its workflow type and input, and what its world does. What the
 * page opens for the example, and what `run` simulates for its component without `--scenario`.
 */
export function exampleScenario(example: ExampleMeta): Record<string, unknown> {
  return { workflowType: example.workflowType, input: example.input, ...example.scenario };
}
