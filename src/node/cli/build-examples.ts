import { buildExamples } from '../build/examples.ts';

export async function buildExamplesCommand(): Promise<number> {
  await buildExamples();
  return 0;
}
