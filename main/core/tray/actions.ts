/**
 * What each tray menu item does. The shell's click handlers and the integration tests call this one dispatcher,
 * so a quick pull from the tray is exactly a pull the tests have run: `pulls.start`, which resolves credentials
 * like any other pull.
 */
import type { DeployView, PullRequest, PullView } from '../../../preload/api';
import { StevedoreError } from '../errors';
import { parseImageReference } from '../credentials/reference';
import type { TrayAction } from './menu';
import { routeFor } from './notifications';
import { imageFromClipboard } from './state';

/** The parts of StackService the tray acts on. */
export interface TrayStackActions {
  deploy(id: string, options?: { redeploy?: boolean }): Promise<DeployView>;
  stopStack(id: string): Promise<unknown>;
}

export interface TrayActionContext {
  pulls: { start(request: PullRequest): PullView };
  stacks?: TrayStackActions;
  /** Read again when "Pull … from clipboard" is clicked: the menu may have been built before the last copy. */
  readClipboardText?: () => string | Promise<string>;
  /** Opens the main window (or brings it to the front), on a route such as `#/pull/<id>` when one is given. */
  showWindow(route?: string): void;
  /** Quits for real: a window that would hide to the tray closes. */
  quit(): void;
  /** Main's engine.choose: asks the user in main's own dialog before switching (none for Automatic). */
  chooseEngine?: (id: string) => Promise<{ changed: boolean }>;
}

/** Something to tell the user when an action could not be done (the shell shows it as a notification). */
export interface TrayMessage {
  title: string;
  body: string;
}

export type TrayActionOutcome =
  | { kind: 'pull-started'; pull: PullView }
  | { kind: 'deploy-started'; deploy: DeployView }
  | { kind: 'stack-stopped'; stackId: string }
  | { kind: 'engine-chosen'; changed: boolean }
  | { kind: 'window-shown'; route?: string }
  | { kind: 'quitting' }
  | { kind: 'refused'; message: TrayMessage };

export async function performTrayAction(action: TrayAction, context: TrayActionContext): Promise<TrayActionOutcome> {
  switch (action.kind) {
    case 'pull':
      return startPull(context, action.platform ? { image: action.image, platform: action.platform } : { image: action.image }, 'Could not start the pull');
    case 'pull-clipboard': {
      const current = imageFromClipboard(await safeRead(context.readClipboardText));
      if (current === undefined) {
        return refused('Nothing to pull from the clipboard', 'The clipboard no longer holds an image reference. Copy one (for example nginx:1.25) and open the menu again.');
      }
      if (!sameImage(current, action.image)) {
        // The label named another image: pulling what the user did not see would be a surprise.
        return refused('The clipboard has changed', `It now holds ${truncate(current, 100)}, not ${truncate(action.image, 100)}. Open the menu again to pull it.`);
      }
      return startPull(context, { image: current }, 'Could not pull from the clipboard');
    }
    case 'show-pull': {
      const route = routeFor({ screen: 'pull', pullId: action.pullId });
      context.showWindow(route);
      return { kind: 'window-shown', route };
    }
    case 'stack-redeploy': {
      if (!context.stacks) return refused('Stacks are not available', 'Open Stevedore to manage stacks.');
      try {
        return { kind: 'deploy-started', deploy: await context.stacks.deploy(action.stackId, { redeploy: true }) };
      } catch (error) {
        return refused('Could not redeploy the stack', userMessage(error));
      }
    }
    case 'stack-stop': {
      if (!context.stacks) return refused('Stacks are not available', 'Open Stevedore to manage stacks.');
      try {
        await context.stacks.stopStack(action.stackId);
        return { kind: 'stack-stopped', stackId: action.stackId };
      } catch (error) {
        return refused('Could not stop the stack', userMessage(error));
      }
    }
    case 'engine-choose': {
      if (!context.chooseEngine) return refused('Choosing an engine is not available here', 'Open Stevedore and choose the engine in Settings → Docker engine.');
      try {
        return { kind: 'engine-chosen', changed: (await context.chooseEngine(action.id)).changed };
      } catch (error) {
        return refused('Could not switch the engine', userMessage(error));
      }
    }
    case 'show-updates': {
      const route = routeFor({ screen: 'images' });
      context.showWindow(route);
      return { kind: 'window-shown', route };
    }
    case 'open':
      context.showWindow();
      return { kind: 'window-shown' };
    case 'quit':
      context.quit();
      return { kind: 'quitting' };
  }
}

function startPull(context: TrayActionContext, request: PullRequest, failureTitle: string): TrayActionOutcome {
  try {
    return { kind: 'pull-started', pull: context.pulls.start(request) };
  } catch (error) {
    return refused(failureTitle, userMessage(error));
  }
}

function refused(title: string, body: string): TrayActionOutcome {
  return { kind: 'refused', message: { title, body } };
}

/** Stevedore's own errors are written for people (and carry no secrets); anything else is not shown as it is. */
function userMessage(error: unknown): string {
  if (error instanceof StevedoreError) return error.message;
  return 'Something unexpected went wrong. Open Stevedore and try again there.';
}

async function safeRead(read: (() => string | Promise<string>) | undefined): Promise<string | undefined> {
  try {
    return await read?.();
  } catch {
    return undefined;
  }
}

function sameImage(a: string, b: string): boolean {
  try {
    return parseImageReference(a).canonical === parseImageReference(b).canonical;
  } catch {
    return false;
  }
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}
