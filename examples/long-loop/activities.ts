/** A checkpoint the loop records now and then. */
export async function recordCheckpoint(iteration: number): Promise<number> {
  return iteration;
}
