/**
 * Compile-time checks of child workflow typing, run by `npm run typecheck` (tsconfig.node.json):
 * as with @temporalio/workflow's overloads, `args` and the result are typed from the child
 * workflow, so each `@ts-expect-error` below must meet a type error (or tsc fails).
 */
import { executeChild, startChild } from '@temporalio/workflow';

declare function greet(name: string, times: number): Promise<string>;
declare function tick(): Promise<number>;

export async function childWorkflowTyping(): Promise<void> {
  const greeting: string = await executeChild(greet, { args: ['ann', 2] });
  const ticks: number = await executeChild(tick);
  const byName: string = await (
    await startChild<typeof greet>('greet', { args: ['bob', 1] })
  ).result();
  void [greeting, ticks, byName];

  // @ts-expect-error an argument is missing
  await executeChild(greet, { args: ['ann'] });
  // @ts-expect-error an argument has the wrong type
  await executeChild(greet, { args: ['ann', 'twice'] });
  // @ts-expect-error args are required when the workflow takes any
  await executeChild(greet, { workflowId: 'greet-1' });
  // @ts-expect-error options (with args) are required when the workflow takes any
  await startChild(greet);
  // @ts-expect-error by name, the type parameter still types the arguments
  await startChild<typeof greet>('greet', { args: [1, 2] });
  // @ts-expect-error the result is typed from the workflow
  const wrong: number = await executeChild(greet, { args: ['ann', 2] });
  void wrong;
}
