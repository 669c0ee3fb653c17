/**
 * A compose program for the "Compose program" setting that writes down the environment and the arguments it was
 * started with, then runs the real Compose v2 with exactly those. What it writes is what Stevedore gave compose.
 */
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface ComposeRecorder {
  /** The program to name in Settings. */
  program: string;
  invocations(): Array<{ env: string; args: string[] }>;
}

export function composeRecorder(folder: string, realCompose: string): ComposeRecorder {
  const records = path.join(folder, 'records');
  mkdirSync(records, { recursive: true });
  const program = path.join(folder, 'compose-recorder');
  const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;
  writeFileSync(
    program,
    [
      '#!/bin/sh',
      `record=${quote(records)}/$(date +%s%N)-$$`,
      'env > "$record.env"',
      'for argument in "$@"; do printf \'%s\\n\' "$argument"; done > "$record.args"',
      `exec ${quote(realCompose)} "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(program, 0o755);
  return {
    program,
    invocations() {
      return readdirSync(records)
        .filter((name) => name.endsWith('.args'))
        .sort()
        .map((name) => ({
          args: readFileSync(path.join(records, name), 'utf8').split('\n').filter((line) => line !== ''),
          env: readFileSync(path.join(records, name.replace(/\.args$/, '.env')), 'utf8'),
        }));
    },
  };
}
