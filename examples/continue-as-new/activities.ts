/** A feed the workflow polls: the ids of the entries after `cursor`. */
export async function fetchNewEntries(feed: string, cursor: number): Promise<number[]> {
  void feed;
  return [cursor + 1, cursor + 2];
}
