/**
 * Child workflows: a batch fans out one child per image (each with its own workflow id and
 * history), waits for all of them and reports which failed. A child's failure reaches the parent
 * as a ChildWorkflowFailure whose cause is the child's own failure.
 */
import {
  ApplicationFailure,
  ChildWorkflowFailure,
  executeChild,
  proxyActivities,
  workflowInfo,
} from '../../sdk/index.ts';
import type * as activities from './activities.ts';

const { resizeImage } = proxyActivities<typeof activities>({
  startToCloseTimeout: '5 minutes',
  retry: { maximumAttempts: 2 },
});

export async function thumbnailBatch(
  urls: string[],
): Promise<{ done: string[]; failed: string[] }> {
  const batchId = workflowInfo().workflowId;
  const outcomes = await Promise.all(
    urls.map(async (url, i) => {
      try {
        return {
          url,
          thumbnail: await executeChild(makeThumbnails, {
            workflowId: `${batchId}/image-${i}`,
            args: [url],
            parentClosePolicy: 'REQUEST_CANCEL',
          }),
        };
      } catch (error) {
        if (error instanceof ChildWorkflowFailure) return { url, thumbnail: undefined };
        throw error;
      }
    }),
  );
  return {
    done: outcomes.flatMap((o) => o.thumbnail ?? []),
    failed: outcomes.filter((o) => o.thumbnail === undefined).map((o) => o.url),
  };
}

/** The child: three sizes of one image. */
export async function makeThumbnails(url: string): Promise<string> {
  if (!url.startsWith('https://'))
    throw ApplicationFailure.nonRetryable(`Not an https URL: ${url}`, 'BadUrl');
  const sizes = [64, 128, 256];
  const resized: string[] = [];
  for (const width of sizes) resized.push(await resizeImage(url, width));
  return resized.join(' ');
}
