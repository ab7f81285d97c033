/**
 * The sources section of components built here: the source map survives into the component, and
 * the host's mapping decoder reads it as the reference decoder does.
 */
import { decode } from '@jridgewell/sourcemap-codec';
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import {
  ComponentSources,
  customSection,
  decodeMappings,
  SOURCES_SECTION,
} from '../../src/engine/host/sources.ts';
import { bundleWithSourceMap } from '../../src/node/build/bundle.ts';
import { workflowDeclarations } from '../../src/node/build/sources-section.ts';
import { REPO } from '../paths.ts';
import { helloComponent } from './fixtures.ts';

describe('component sources', () => {
  it('decodes mappings as @jridgewell/sourcemap-codec does', async () => {
    const { map } = await bundleWithSourceMap(join(REPO, 'examples', 'saga', 'workflow.ts'));
    const reference = decode(map.mappings);
    const ours = decodeMappings(map.mappings);
    expect(ours).toHaveLength(reference.length);
    ours.forEach((segments, line) => {
      const expected = reference[line]!.filter((s) => s.length >= 4).flatMap((s) => s.slice(0, 4));
      expect([...segments]).toEqual(expected);
    });
  });

  it('carries the source map and the workflow text in a custom section of the component', async () => {
    const bytes = await helloComponent();
    expect(customSection(bytes, SOURCES_SECTION)).toBeDefined();
    const sources = ComponentSources.fromComponent(bytes);
    if (!(sources instanceof ComponentSources)) throw new Error('no sources');
    const info = sources.info();
    expect(info).toMatchObject({ available: true, entry: 'examples/hello/workflow.ts' });
    // The workflow's own text, not the SDK's.
    expect(Object.keys(info.available ? info.files : {})).toEqual(['examples/hello/workflow.ts']);
  });

  it('has nothing to say about a component without the section', () => {
    const bare = Uint8Array.from([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0]);
    expect(ComponentSources.fromComponent(bare)).toBeUndefined();
  });

  it('finds exported workflow functions in every form', () => {
    const text = [
      'export async function a() {}',
      'export const b = async () => 1;',
      'function hidden() {}',
      '  export const c = function () {};',
      'export default async function () {}',
    ].join('\n');
    expect(workflowDeclarations('w.ts', text)).toEqual({
      a: { line: 1, column: 1 },
      b: { line: 2, column: 1 },
      c: { line: 4, column: 3 },
      default: { line: 5, column: 1 },
    });
  });
});
