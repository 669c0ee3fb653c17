/**
 * A file's stamp (size and modification time): what the stack code compares to know whether a file it read has
 * changed since, without reading it again. Undefined when the file does not exist (or cannot be stat'ed).
 */
import { stat } from 'node:fs/promises';

export async function fileStamp(file: string): Promise<string | undefined> {
  const info = await stat(file).catch(() => undefined);
  return info ? `${info.size}:${info.mtimeMs}` : undefined;
}
