import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
const { generate, $init } = await import('@bytecodealliance/jco-transpile/component');
await $init;
const bytes = readFileSync('/tmp/scratch/guest/guest.wasm');
let t0 = performance.now();
const out = generate(bytes, { name: 'guest', instantiation: { tag: 'async' }, noTypescript: true, noNodejsCompat: true });
console.log('generate ms', performance.now() - t0, out.imports, out.exports, out.files.map(([n, b]) => [n, b.length]));
mkdirSync('/tmp/scratch/gen', { recursive: true });
for (const [n, b] of out.files) writeFileSync('/tmp/scratch/gen/' + n, b);
const mod = await import('/tmp/scratch/gen/guest.js');
const files = new Map(out.files);
t0 = performance.now();
const inst = await mod.instantiate((name) => WebAssembly.compile(files.get(name)), {
  'temporal:workflow-runtime/workflow-host': { setCurrentDetails: (d) => console.log('details', d), pushCommand: (c) => console.log('cmd', c) },
});
console.log('instantiate ms', performance.now() - t0, Object.keys(inst));
const g = inst.workflowGuest ?? inst['temporal:workflow-runtime/workflow-guest@0.1.0'];
console.log(g.listWorkflows());
const wf = g.instantiateWorkflow({ namespace: 'ns', taskQueue: 'tq', runId: 'r', initializeWorkflow: new Uint8Array([1]) });
console.log(wf.activate(new Uint8Array([5, 6])));
console.log(JSON.stringify(wf.pollRoutine(0n), (k, v) => typeof v === 'bigint' ? String(v) : v));
