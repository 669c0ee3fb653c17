/**
 * Desktop integration: the tray (where the desktop shows one), notifications when pulls and deploys finish,
 * and the tray's actions. Built once by the composition root (launch.ts) from the core services.
 */
import { clipboard, dialog } from 'electron';
import type { ImageUpdate } from '../preload/api';
import type { StevedoreCore } from './core/app';
import type { MainLog } from './core/main-log';
import { performTrayAction, type TrayActionContext, type TrayMessage, type TrayStackActions } from './core/tray/actions';
import { desktopHasTray } from './core/tray/desktop';
import { watchFinishes, type FinishSources } from './core/tray/finishes';
import { trayIconPath, type AppLocation } from './core/tray/icon';
import type { TrayAction } from './core/tray/menu';
import { routeFor, updatesNotification } from './core/tray/notifications';
import { TrayStateSource, type TrayStackSource, type TrayUpdatesSource } from './core/tray/state';
import { createDesktopNotifier } from './notifications';
import { createAppTray, type AppTray } from './tray';

/** The stacks service as the tray uses it; `StackService` fits as it is. */
type DesktopStacks = TrayStackSource & TrayStackActions & NonNullable<FinishSources['stacks']>;

export interface DesktopIntegrationOptions {
  core: Pick<StevedoreCore, 'pulls' | 'library' | 'engine'> & {
    stacks?: DesktopStacks;
    handlers?: Pick<StevedoreCore['handlers'], 'engine.choices' | 'engine.choose'>;
    /** Main's update view and its changes: the tray's "Updates (3)", and a notification for new ones (issue 14). */
    updates?: TrayUpdatesSource & { onNewUpdates(listener: (found: ImageUpdate[]) => void): () => void };
  };
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  location: AppLocation;
  /** Opens or reveals the main window, on a renderer route (`#/pull/<id>`) when one is given. */
  showWindow(route?: string): void;
  /** Quits for real (no hiding to the tray on the way out). */
  quit(): void;
  /** Where failures go: the main log (main/core/main-log.ts). */
  log: Pick<MainLog, 'error'>;
}

export interface DesktopIntegration {
  /** True while a tray icon exists: only then may closing the window hide it. */
  readonly hasTray: boolean;
  dispose(): void;
}

export function startDesktopIntegration(options: DesktopIntegrationOptions): DesktopIntegration {
  const { core, platform } = options;
  const stacks = core.stacks;
  const readClipboardText = (): Promise<string> => clipboard.readText();
  // The Engine submenu offers main's choices; a pick goes through main's confirmation like one made in Settings.
  const handlers = core.handlers;
  const trayState = new TrayStateSource({
    pulls: core.pulls,
    library: core.library,
    engine: core.engine,
    stacks,
    ...(core.updates ? { updates: core.updates } : {}),
    readClipboardText,
    ...(handlers ? { engineChoices: () => handlers['engine.choices'](undefined) } : {}),
  });
  const icon = trayIconPath(platform, options.location);
  const notifier = createDesktopNotifier(platform === 'linux' ? { icon: icon.file } : {});

  const context: TrayActionContext = {
    pulls: core.pulls,
    readClipboardText,
    showWindow: options.showWindow,
    quit: options.quit,
  };
  if (handlers) context.chooseEngine = async (id) => handlers['engine.choose']({ id });
  if (stacks) context.stacks = stacks;
  const tell = (message: TrayMessage): void => {
    if (notifier.show(message, () => options.showWindow())) return;
    void dialog.showMessageBox({ type: 'info', message: message.title, detail: message.body, buttons: ['OK'] });
  };
  const perform = async (action: TrayAction): Promise<void> => {
    try {
      const outcome = await performTrayAction(action, context);
      if (outcome.kind === 'refused') tell(outcome.message);
      // The click has just read the clipboard; a menu that was behind it (Linux) catches up now.
      if (action.kind === 'pull-clipboard') await trayState.refreshClipboard();
    } catch (error) {
      options.log.error(`The tray action ${action.kind} failed`, error);
    }
  };

  const stopWatchingFinishes = watchFinishes({
    pulls: core.pulls,
    stacks,
    stackName: (stackId) => trayState.stackName(stackId),
    notify: (content) => notifier.show(content, () => options.showWindow(routeFor(content.target))),
  });

  // The service calls this only when the user asked for it (Settings → Updates) and a check found something new.
  const stopWatchingUpdates = core.updates?.onNewUpdates((found) => {
    const content = updatesNotification(found);
    notifier.show(content, () => options.showWindow(routeFor(content.target)));
  });

  let tray: AppTray | undefined;
  if (desktopHasTray(platform, options.env)) {
    tray = createAppTray({ source: trayState, icon, platform, onAction: (action) => void perform(action), onActivate: () => options.showWindow() });
  }
  trayState.start().catch((error: unknown) => options.log.error('The tray could not follow the services', error));

  return {
    get hasTray() {
      return tray !== undefined;
    },
    dispose() {
      stopWatchingFinishes();
      stopWatchingUpdates?.();
      trayState.stop();
      tray?.destroy();
      tray = undefined;
      notifier.dispose();
    },
  };
}
