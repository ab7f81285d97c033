/** Work done for one item of a batch. */
export async function resizeImage(url: string, width: number): Promise<string> {
  return `${url}?w=${width}`;
}
