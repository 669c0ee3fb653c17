/**
 * Keeping secrets out of what the user sees of compose's output. Compose is given no registry credentials, so
 * the only secrets it can print are values from its environment and the stack's env file (an error message can
 * quote an interpolated value): those of variables whose names say they are secret are removed from every line.
 *
 * Deliberately not the shape-based redaction used for credential helpers: compose's output is full of long
 * container names and image ids that look like tokens, and removing them would make the log useless.
 */
import { redact } from '../failures';

const SENSITIVE_NAME = /pass|pwd|secret|token|key|credential|auth|cookie|session|_pat$/i;
/** The shell's working directories, whose "PWD" is the command's name: a path, not a password. */
const WORKING_DIRECTORIES = new Set(['PWD', 'OLDPWD']);
/** Flags and numbers are not secrets, and removing every "true" or "8080" from the log would garble it. */
const NOT_A_SECRET = /^(true|false|yes|no|on|off|none|null|\d+)$/i;
// eslint-disable-next-line no-control-regex -- matching terminal control codes is the point
const CONTROL_CHARACTERS = /\u001b\[[0-9;?]*[A-Za-z]|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function sensitiveValues(...environments: ReadonlyArray<Readonly<Record<string, string | undefined>>>): string[] {
  const values = new Set<string>();
  for (const environment of environments) {
    for (const [name, value] of Object.entries(environment)) {
      if (value !== undefined && value.length >= 4 && SENSITIVE_NAME.test(name) && !WORKING_DIRECTORIES.has(name) && !NOT_A_SECRET.test(value)) values.add(value);
    }
  }
  // Longest first, so a secret that contains another is removed whole.
  return [...values].sort((a, b) => b.length - a.length);
}

/** One line of compose output as it may be shown: known secret values replaced, terminal control codes removed. */
export function safeOutputLine(line: string, secrets: readonly string[]): string {
  return redact(line, secrets).replace(CONTROL_CHARACTERS, '').trimEnd();
}
