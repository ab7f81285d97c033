/**
 * Job order inside one activation, as sdk-core ships it (a stable sort): initialize, patches,
 * random-seed updates, signals and updates, everything else, local activity resolutions, queries,
 * evictions.
 */
import type { Job } from './machines/machine.ts';

function rank(job: Job): number {
  if (job.initializeWorkflow) return 0;
  if (job.notifyHasPatch) return 1;
  if (job.updateRandomSeed) return 2;
  if (job.signalWorkflow || job.doUpdate) return 3;
  if (job.resolveActivity?.isLocal) return 5;
  if (job.queryWorkflow) return 6;
  if (job.removeFromCache) return 7;
  return 4;
}

export function orderJobs(jobs: readonly Job[]): Job[] {
  return jobs
    .map((job, index) => ({ job, index, rank: rank(job) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((x) => x.job);
}
