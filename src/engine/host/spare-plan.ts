/**
 * Which spare instance a run should prepare next for its restores. Memory cannot shrink, so a
 * restore writes an image into an instance no larger than it, growing it to the image's size; the
 * first touches of that growth cost 5–10 ms per MB on some machines. So the run keeps instances at
 * "rungs": sizes its checkpoints were taken at, at most `rungBytes` apart, so that any restore
 * grows an instance by at most that much. Restores use the rungs up (each leaves behind the
 * instance it replaced, at whatever size it had), and this says how to put them back: by growing a
 * spare that another covers for (a few ms per slice, between requests), or by instantiating one
 * (one stretch of tens of ms, so only once the caller is quiet).
 *
 * Sizes are pages per memory; the instance fits an image when each memory is no larger than the
 * image's.
 */
import { PAGE_BYTES } from './wasm-binary.ts';

export type Sizes = readonly number[];

export type SparePlan =
  /** Instantiate one as small as a fresh instance (every image fits those). */
  | { kind: 'small' }
  /** Grow `spares[spare]` to `to` (it is not needed where it is). */
  | { kind: 'grow'; spare: number; to: Sizes }
  /** Instantiate one and grow it to `to`. */
  | { kind: 'make'; to: Sizes };

export interface SparePool {
  /** The running instance's sizes (it is set aside when a restore takes another). */
  readonly running: Sizes | undefined;
  readonly spares: readonly Sizes[];
  /** The sizes checkpoints were taken at. */
  readonly images: readonly Sizes[];
  /** Bytes of a fresh instance. */
  readonly freshBytes: number;
}

export interface SpareLimits {
  readonly maxSpares: number;
  /** Spares kept as small as a fresh instance (a walk back and forth uses them up). */
  readonly smallSpares: number;
  readonly rungBytes: number;
}

const bytes = (sizes: Sizes) => sizes.reduce((n, pages) => n + pages * PAGE_BYTES, 0);
const fits = (instance: Sizes, image: Sizes) => instance.every((p, i) => p <= (image[i] ?? 0));

/**
 * The smallest image that every instance in `instances` fitting it is more than `rungBytes`
 * smaller than: where the next rung belongs (a rung there covers the most images above it).
 */
export function uncovered(
  instances: readonly Sizes[],
  images: readonly Sizes[],
  rungBytes: number,
): Sizes | undefined {
  const sorted = [...images].sort((a, b) => bytes(a) - bytes(b));
  return sorted.find((image) => {
    const best = instances
      .filter((instance) => fits(instance, image))
      .reduce((most, instance) => Math.max(most, bytes(instance)), 0);
    return bytes(image) - best > rungBytes;
  });
}

/** What to prepare next, and whether it can be done at once (growing) or waits for quiet. */
export function planSpare(
  pool: SparePool,
  limits: SpareLimits,
): { plan: SparePlan; urgent: boolean } | undefined {
  const small = pool.spares.filter((s) => bytes(s) <= pool.freshBytes).length;
  // With no small spare, a jump near the start would instantiate one anyway.
  if (small === 0) return { plan: { kind: 'small' }, urgent: true };
  const instances = [...(pool.running ? [pool.running] : []), ...pool.spares];
  const rung = uncovered(instances, pool.images, limits.rungBytes);
  if (rung) {
    // Grow the largest spare that can go without leaving any image up to the rung uncovered; the
    // small ones stay as they are.
    let keptSmall = 0;
    let best: number | undefined;
    pool.spares.forEach((spare, i) => {
      if (bytes(spare) <= pool.freshBytes && keptSmall++ < limits.smallSpares) return;
      if (!fits(spare, rung)) return;
      if (best !== undefined && bytes(pool.spares[best]!) >= bytes(spare)) return;
      const grown = spare.map((pages, m) => Math.max(pages, rung[m] ?? 0));
      const after = [
        ...(pool.running ? [pool.running] : []),
        ...pool.spares.map((s, j) => (j === i ? grown : s)),
      ];
      const left = uncovered(after, pool.images, limits.rungBytes);
      if (!left || bytes(left) > bytes(rung)) best = i;
    });
    if (best !== undefined) return { plan: { kind: 'grow', spare: best, to: rung }, urgent: true };
  }
  if (small < limits.smallSpares) return { plan: { kind: 'small' }, urgent: false };
  if (rung && pool.spares.length < limits.maxSpares - 1)
    return { plan: { kind: 'make', to: rung }, urgent: false };
  return undefined;
}
