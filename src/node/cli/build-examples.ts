import { buildExamples } from '../build/examples.ts';
import { parseCommandArgs } from './args.ts';

const USAGE =
  'usage: workflow-playground build-examples   (builds every example into public/examples/)';

export async function buildExamplesCommand(args: string[]): Promise<number> {
  if (!parseCommandArgs(args, {}, USAGE)) return 2;
  await buildExamples();
  return 0;
}
