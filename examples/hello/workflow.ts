/**
 * The smallest useful workflow: greets whoever it is started for. Its single workflow task
 * completes the run with CompleteWorkflowExecution("Hello, <name>!").
 */
import { workflowInfo } from '../../sdk/index.ts';

export async function greet(name: string): Promise<string> {
  const { workflowType } = workflowInfo();
  return `Hello, ${name}! (from ${workflowType})`;
}
