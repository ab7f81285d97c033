/**
 * Shape of `public/examples/index.json`, written by `npm run build:examples` and read by the app.
 * Each example folder holds `workflow.ts` and `example.json` (an ExampleMeta).
 */
export interface ExampleMeta {
  title: string;
  description: string;
  /** The workflow type to start, and the arguments to start it with. */
  workflowType: string;
  input: unknown[];
  /**
   * A history recorded for this example (a file in the example's folder, any format the loader
   * reads). Without one, the app starts a new run of the workflow with `input`.
   */
  history?: string;
}

export interface ExampleManifestEntry extends ExampleMeta {
  id: string;
  /** Component path relative to the app's base URL. */
  component: string;
  /** History path relative to the app's base URL, when the example has one. */
  history?: string;
  /** Content hash of the build inputs (see src/node/build/build-component.ts). */
  hash: string;
  bytes: number;
}

export interface ExampleManifest {
  examples: ExampleManifestEntry[];
}
