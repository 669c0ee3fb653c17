/**
 * Waiting for a condition instead of sleeping for a guessed time: checks `condition` on every turn of the event
 * loop (with a short pause between checks) until it holds. The limit is only there so a test that can never pass
 * ends with a message saying what it waited for; it is not a bound the code is measured against.
 */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, limitMs = 30_000): Promise<void> {
  const giveUpAt = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > giveUpAt) throw new Error(`gave up waiting for ${what} after ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
