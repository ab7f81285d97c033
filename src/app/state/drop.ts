/**
 * Files the user drops or picks: bundles, components and histories told apart by their bytes.
 */
import { mayBeHistory } from '../../engine/history/detect.ts';
import { isBundleFile, openBundleFile } from './open-share.ts';
import { openComponentBytes, openHistoryBytes } from './sources.ts';

const isWasm = (bytes: ArrayBuffer) => {
  const head = new Uint8Array(bytes, 0, Math.min(4, bytes.byteLength));
  return head[0] === 0 && head[1] === 0x61 && head[2] === 0x73 && head[3] === 0x6d;
};

/** Open › Component file: told apart by its bytes, as a dropped file is. */
export function openComponentFile(file: File): Promise<boolean> {
  return openDroppedFiles([file]);
}

/** Open › History file: told apart by its bytes, as a dropped file is. */
export function openHistoryFile(file: File): Promise<boolean> {
  return openDroppedFiles([file]);
}

/**
 * Opened or dropped files: bundles, components and histories are told apart by their bytes, the
 * same on every path. Only bytes that are neither WebAssembly nor any form of history go by their
 * name, to the reader whose error explains them best ("not WebAssembly: it starts with …" for
 * a .wasm). A bundle holds a whole session, so it opens on its own. True when all opened.
 */
export async function openDroppedFiles(files: File[]): Promise<boolean> {
  for (const file of files) if (await isBundleFile(file)) return openBundleFile(file);
  const read = await Promise.all(
    files.map(async (f) => ({ file: f, bytes: await f.arrayBuffer() })),
  );
  const isComponent = ({ file, bytes }: { file: File; bytes: ArrayBuffer }) =>
    isWasm(bytes) || (!mayBeHistory(new Uint8Array(bytes)) && /\.wasm$/i.test(file.name));
  let ok = true;
  for (const { file, bytes } of read.filter(isComponent))
    ok = (await openComponentBytes(bytes, file.name)) && ok;
  for (const { file, bytes } of read.filter((r) => !isComponent(r)))
    ok = (await openHistoryBytes(bytes, file.name)) && ok;
  return ok;
}
