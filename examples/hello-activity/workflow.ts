/**
 * The classic first Temporal workflow: one activity call. Two workflow tasks: the first schedules
 * composeGreeting, the second (after ActivityTaskCompleted) completes the run with its result.
 */
import { proxyActivities } from '../../sdk/index.ts';
import type * as activities from './activities.ts';

const { composeGreeting } = proxyActivities<typeof activities>({
  startToCloseTimeout: '1 minute',
});

export async function greetWithActivity(name: string): Promise<string> {
  return await composeGreeting('Hello', name);
}
