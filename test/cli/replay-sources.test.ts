/**
 * `replay` names the source line behind each command the code produced in its divergence table,
 * for a component built with our SDK: Versioning 4 (sendSms without a patch) replaying the run
 * Versioning 1 recorded (sendEmail after a timer).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleScenario } from '../../examples/manifest.ts';
import { loadComponent } from '../../src/engine/host/component.ts';
import { exportHistoryJson } from '../../src/engine/history/index.ts';
import { simulate } from '../../src/engine/sim/simulate.ts';
import { buildExample, readExampleMeta } from '../../src/node/build/examples.ts';
import { REPO } from '../paths.ts';
import { cli } from './cli.ts';

describe('replay with a component built with our SDK', () => {
  it('prints where in the workflow each command it produced comes from', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'replay-sources-'));
    const original = await buildExample('patching-1-original');
    const run = await simulate(
      await loadComponent(original.component),
      exampleScenario(readExampleMeta('patching-1-original')),
      { activities: { sendEmail: () => 'emailed' } },
    );
    const history = join(dir, 'v1.json');
    writeFileSync(history, exportHistoryJson(run.events).text);
    const component = join(dir, 'v4.wasm');
    writeFileSync(component, (await buildExample('patching-4-forgot-patch')).component);

    const { code, stdout } = await cli(['replay', '--component', component, history]);
    expect(code).toBe(1);
    const file = 'examples/patching-4-forgot-patch/workflow.ts';
    const lines = readFileSync(join(REPO, file), 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('await sendSms(')) + 1;
    expect(stdout).toMatch(
      new RegExp(
        `^  > ScheduleActivityTask sendEmail.* +ScheduleActivityTask sendSms \\(activity id 1\\)  \\(${file}:${line}:\\d+\\)$`,
        'm',
      ),
    );
  }, 240_000);
});
