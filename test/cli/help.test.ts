/** `--help` on the CLI and on each of its commands: the usage on stdout, exit 0, nothing run. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../paths.ts';

function cli(args: string[]) {
  const result = spawnSync(
    process.execPath,
    [join(REPO, 'bin', 'workflow-playground.js'), ...args],
    {
      cwd: REPO,
      encoding: 'utf8',
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('workflow-playground --help', () => {
  it('lists the commands', () => {
    const { code, stdout } = cli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^usage: workflow-playground <command>/);
    for (const command of ['inspect', 'convert', 'replay', 'run', 'build', 'check-core', 'bridge'])
      expect(stdout).toContain(`  ${command} `);
  });

  // build-examples would spend a minute building if it ran: its --help must not.
  it.each([
    'inspect',
    'convert',
    'replay',
    'run',
    'build',
    'build-examples',
    'check-core',
    'bridge',
  ])('%s --help prints its usage and exits 0', (command) => {
    const { code, stdout, stderr } = cli([command, '--help']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain(`workflow-playground ${command}`);
  });

  it('-h is --help', () => {
    const { code, stdout } = cli(['inspect', '-h']);
    expect(code).toBe(0);
    expect(stdout).toContain('usage: workflow-playground inspect');
  });

  it('after --, --help is an argument like any other', () => {
    const { code, stderr } = cli(['inspect', '--', '--help']);
    expect(code).toBe(1);
    expect(stderr).toContain('--help: no such file');
  });
});
