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
  /** Position in the gallery (ascending; the first example opens when the app starts). */
  order?: number;
  /** Interceptor modules built into the component, relative to the example's folder. */
  interceptors?: string[];
}

export interface ExampleManifestEntry extends ExampleMeta {
  id: string;
  /** Component path relative to the app's base URL. */
  component: string;
  /** Content hash of the build inputs (see src/node/build/build-component.ts). */
  hash: string;
  bytes: number;
}

export interface ExampleManifest {
  examples: ExampleManifestEntry[];
}
