/**
 * A file's stamp (size and modification time): what the stack code compares to know whether a file it read has
 * changed since, without reading it again. Undefined when the file does not exist (or cannot be stat'ed).
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export async function fileStamp(file: string): Promise<string | undefined> {
  const info = await stat(file).catch(() => undefined);
  return info ? `${info.size}:${info.mtimeMs}` : undefined;
}

/**
 * The stamps of `names` in `directory`, in their order, from one listing of it: a name the listing lacks is not
 * stat'ed. A stat of a missing file rejects with an Error that captures a stack, and the stack list asks after four
 * override files and a `.env` that are usually not there, for every stack at every change of the engine's
 * containers: with 100 stacks those failed stats were about two thirds of main's CPU for one list (session 14).
 * Names are matched without case, so a file that a case-insensitive disk (macOS, Windows) hands to compose under
 * another case is still stat'ed, and the stat says whether it is that file. A folder that can be searched but not
 * listed falls back to a stat per name.
 */
export async function stampsIn(directory: string, names: readonly string[]): Promise<Array<string | undefined>> {
  const listed = await readdir(directory).catch(() => undefined);
  const present = listed === undefined ? undefined : new Set(listed.map((name) => name.toLowerCase()));
  return Promise.all(names.map((name) => (present === undefined || present.has(name.toLowerCase()) ? fileStamp(path.join(directory, name)) : undefined)));
}
