/**
 * Every signal, query and update name the component's modules define (`defineSignal` & co.,
 * called at module load as is the custom). Handlers are only registered while a workflow runs, so
 * these names are what `list-workflows` can declare up front: tools use them to check that a
 * message sent to the workflow has a definition at all (a simulated scenario's signal, say).
 */
export const definedNames = {
  signals: new Set<string>(),
  queries: new Set<string>(),
  updates: new Set<string>(),
};
