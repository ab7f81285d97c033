/**
 * The source line behind each command, for every TypeScript example: its default simulated run
 * replayed with its component, every command the run made must carry a source location in the
 * example's own files, on a line that holds the API call that produces that kind of command. The
 * expectation comes from reading the example's source here (the activity names, the calls), not
 * from what the host reports.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleScenario } from '../../examples/manifest.ts';
import type { CommandEntry } from '../../src/engine/host/trace.ts';
import { commandVariant, type coresdk } from '../../src/engine/proto/index.ts';
import { ReplaySession } from '../../src/engine/session/session.ts';
import { simulate } from '../../src/engine/sim/simulate.ts';
import { listExamples, readExampleMeta } from '../../src/node/build/examples.ts';
import { REPO } from '../paths.ts';
import { example, job, TestRun } from './harness.ts';
import { fromPayload } from '../../src/engine/proto/payload.ts';

type Command = coresdk.workflow_commands.IWorkflowCommand;

/** What a line must contain to be the call that made `command` (of the run's `workflowType`). */
function expectedCall(command: Command, workflowType: string): RegExp {
  const word = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (command.scheduleActivity)
    return new RegExp(`\\b${word(command.scheduleActivity.activityType!)}\\(`);
  if (command.scheduleLocalActivity)
    return new RegExp(`\\b${word(command.scheduleLocalActivity.activityType!)}\\(`);
  if (command.startTimer) return /\b(sleep|condition|setTimeout|withTimeout)\(/;
  if (command.setPatchMarker)
    return new RegExp(
      `\\b(patched|deprecatePatch)\\(\\s*['"]${word(command.setPatchMarker.patchId!)}['"]`,
    );
  if (command.startChildWorkflowExecution)
    return new RegExp(
      `\\b(startChild|executeChild)\\(\\s*${word(command.startChildWorkflowExecution.workflowType!)}\\b`,
    );
  // A cancel comes from where the scope was cancelled, or from the timed call it ends.
  if (command.cancelTimer || command.requestCancelActivity || command.requestCancelLocalActivity)
    return /\b(cancel|withTimeout|condition)\(/;
  if (command.failWorkflowExecution) return /\bthrow\b/;
  if (command.completeWorkflowExecution) return new RegExp(`\\bfunction ${word(workflowType)}\\(`);
  if (command.continueAsNewWorkflowExecution) return /\bcontinueAsNew\b/;
  if (command.updateResponse) return /\bsetHandler\(/;
  return new RegExp(`UNEXPECTED ${Object.keys(command).join()}`);
}

async function exampleActivities(id: string) {
  const meta = readExampleMeta(id);
  const path = join(REPO, 'examples', meta.activities ?? id, 'activities.ts');
  if (!existsSync(path)) return undefined;
  return (await import(path)) as Record<string, (...args: unknown[]) => unknown>;
}

describe('the source line behind each command', () => {
  for (const id of listExamples()) {
    it(`every command of ${id} points at the call that made it`, async () => {
      const meta = readExampleMeta(id);
      const component = await example(id);
      const activities = await exampleActivities(id);
      // The long loop's 10,000 iterations say nothing 30 do not (a timer, an activity every tenth).
      const scenario = { ...exampleScenario(meta), ...(id === 'long-loop' ? { input: [30] } : {}) };
      const run = await simulate(component, scenario, activities ? { activities } : {});
      const session = ReplaySession.open(run.events, { kind: 'component', component });
      await session.runToEnd();
      const commands = session.driverTrace.filter(
        (e): e is CommandEntry => e.type === 'command' && !e.command.respondToQuery,
      );
      expect(commands.length).toBeGreaterThan(0);
      const sources = new Map<string, string[]>();
      const lineOf = (file: string, line: number) => {
        if (!sources.has(file))
          sources.set(file, readFileSync(join(REPO, file), 'utf8').split('\n'));
        return sources.get(file)![line - 1];
      };
      const found = commands.map((entry) => {
        const site = entry.site;
        return {
          command: commandVariant(entry.command),
          site: site && `${site.file}:${site.line}`,
          line: site && lineOf(site.file, site.line)?.trim(),
        };
      });
      const expected = commands.map((entry, i) => ({
        command: found[i]!.command,
        site: expect.stringMatching(new RegExp(`^examples/${id}/workflow\\.ts:\\d+$`)),
        line: expect.stringMatching(expectedCall(entry.command, meta.workflowType)),
      }));
      expect(found).toEqual(expected);
    }, 240_000);
  }
});

/** The 1-based number of the first line of `file` that contains `text`. */
function lineWith(file: string, text: string): number {
  const lines = readFileSync(join(REPO, file), 'utf8').split('\n');
  const index = lines.findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`${file} has no line with ${text}`);
  return index + 1;
}

describe('__stack_trace', () => {
  it('names where each routine waits, on what, at which source line', async () => {
    const file = 'examples/updates/workflow.ts';
    const run = new TestRun(await example('updates'), {
      workflowType: 'shoppingCart',
      args: ['cart-1'],
    });
    await run.start();
    // The update's handler starts and waits on its activity; main waits on its condition.
    await run.activate([
      job.update('add-mug', 'addItem', [{ sku: 'mug', quantity: 2, priceCents: 1250 }]),
    ]);
    const answer = await run.activate([job.query('q1', '__stack_trace')]);
    if (answer.status !== 'success') throw new Error(answer.message);
    const text = fromPayload(answer.commands[0]!.respondToQuery!.succeeded!.response!) as string;
    const blocks = text.split('\n\n');
    const update = lineWith(file, 'await reserveStock(');
    const main = lineWith(file, 'await condition(');
    expect(blocks).toEqual([
      expect.stringMatching(
        new RegExp(
          `^update handler "addItem" \\(id add-mug\\): waiting on activity 1\\n    at shoppingCart \\(examples/updates/workflow\\.ts:${update}:\\d+\\)`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^main: waiting on condition 1\\n    at shoppingCart \\(examples/updates/workflow\\.ts:${main}:\\d+\\)`,
        ),
      ),
    ]);
    // No frame of the SDK or of componentize-js's glue is left.
    expect(text).not.toMatch(/sdk\/|initializer\.js|workflow\.js/);
  }, 120_000);
});
