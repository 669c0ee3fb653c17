/**
 * What a Pull screen test saw when it gave up, so that a failure on a CI run explains itself: every pull main knows
 * (state, queue place, credential summary, failure), what the Pull screen showed, and the last calls and events that
 * crossed the bridge. Views and bridge messages never hold a secret (they go to the renderer), so they may be printed.
 */
import type { RunningApp } from './harness';

const SHOWN_CHARACTERS = 2_000;
const LAST_MESSAGES = 15;

export async function pullScreenDiagnostics(app: RunningApp): Promise<string> {
  const pulls = app.preview.core.pulls.list().map((view) => ({
    id: view.id,
    image: view.image,
    platform: view.platform,
    state: view.state,
    queuePosition: view.queuePosition,
    credential: view.credential,
    layers: view.layers.length,
    percent: view.percent,
    startedAt: view.startedAt,
    finishedAt: view.finishedAt,
    notes: view.notes,
    error: view.error === undefined ? undefined : { code: view.error.code, title: view.error.title, detail: view.error.detail },
  }));
  // A short timeout of its own: the page may be what is stuck.
  const screen = await app.page
    .locator('main')
    .innerText({ timeout: 2_000 })
    .catch((error: unknown) => `(not readable: ${error instanceof Error ? error.message : String(error)})`);
  const messages = app.outgoing.slice(-LAST_MESSAGES).map((message) =>
    message.type === 'event' ? `event ${message.channel}` : `result of call ${message.id}: ${JSON.stringify(message.result).slice(0, 200)}`,
  );
  return [
    `Pulls main knows (${new Date().toISOString()}): ${JSON.stringify(pulls, null, 2)}`,
    `The screen showed: ${screen.slice(0, SHOWN_CHARACTERS)}`,
    `The last ${messages.length} messages to the page:\n  ${messages.join('\n  ')}`,
  ].join('\n');
}

/** Runs `wait`; when it fails, fails with its message and the diagnostics above (the original error as the cause). */
export async function explainPullWait(app: RunningApp, what: string, wait: () => Promise<unknown>): Promise<void> {
  try {
    await wait();
  } catch (error) {
    const diagnostics = await pullScreenDiagnostics(app).catch((failed: unknown) => `(no diagnostics: ${String(failed)})`);
    throw new Error(`${what}: ${error instanceof Error ? error.message : String(error)}\n${diagnostics}`, { cause: error });
  }
}
