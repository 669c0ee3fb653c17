/**
 * The tray menu as a pure function of state (desktop.md): favourites, recent pulls, running pulls, stacks and
 * whether the clipboard holds a valid image reference. The shell turns the template into an Electron menu and
 * maps each item's `action` to a call on the core; nothing here knows about Electron.
 */
export type TrayAction =
  | { kind: 'pull'; image: string; platform?: string }
  | { kind: 'pull-clipboard'; image: string }
  | { kind: 'show-pull'; pullId: string }
  | { kind: 'stack-redeploy'; stackId: string }
  | { kind: 'stack-stop'; stackId: string }
  /** The Images screen, where the update badges are (issue 14). */
  | { kind: 'show-updates' }
  /** One of main's engine choices, by id; main's own confirmation follows (settings/choices.ts). */
  | { kind: 'engine-choose'; id: string }
  | { kind: 'open' }
  | { kind: 'quit' };

export interface TrayMenuItem {
  label: string;
  enabled?: boolean;
  /** Shown greyed, as a heading for the items below it. */
  heading?: boolean;
  separator?: boolean;
  submenu?: TrayMenuItem[];
  action?: TrayAction;
  /** A radio item: the engine in use. */
  checked?: boolean;
}

export interface TrayPull {
  id: string;
  familiar: string;
  state: 'queued' | 'checking' | 'pulling' | 'done' | 'failed' | 'cancelled';
  percent: number;
  bytesDone: number;
  bytesTotal: number;
}

export interface TrayStack {
  id: string;
  name: string;
  /** running: every service up; partial: some; stopped: none; unknown: not deployed or engine down. */
  status: 'running' | 'partial' | 'stopped' | 'unknown';
  readOnly: boolean;
}

export interface TrayState {
  favourites: readonly string[];
  /** Newest first; may repeat images, the menu keeps the first of each. */
  recents: ReadonlyArray<{ image: string; platform?: string }>;
  pulls: readonly TrayPull[];
  stacks: readonly TrayStack[];
  /** The clipboard's text when it parses as an image reference (familiar form), else undefined. */
  clipboardImage?: string;
  engineConnected: boolean;
  /** How many images main found a newer build for (issue 14); the item is left out at 0. */
  updates?: number;
  /** Main's engine choices (engine/choices.ts) and the one in use; absent where the shell offers none. */
  engines?: { selected: string; choices: ReadonlyArray<{ id: string; label: string }> };
}

const MAX_RECENTS_IN_TRAY = 10;
const ACTIVE_STATES = new Set<TrayPull['state']>(['queued', 'checking', 'pulling']);

export function buildTrayMenu(state: TrayState): TrayMenuItem[] {
  const canPull = state.engineConnected;
  const quickPull: TrayMenuItem[] = [];
  if (state.favourites.length > 0) {
    quickPull.push({ label: 'Favourites', heading: true, enabled: false });
    for (const image of state.favourites) quickPull.push({ label: image, enabled: canPull, action: { kind: 'pull', image } });
  }
  const recents = distinctRecents(state.recents, new Set(state.favourites));
  if (recents.length > 0) {
    if (quickPull.length > 0) quickPull.push({ label: '', separator: true });
    quickPull.push({ label: 'Recent', heading: true, enabled: false });
    for (const recent of recents) {
      quickPull.push({
        label: recent.platform ? `${recent.image}  (${recent.platform})` : recent.image,
        enabled: canPull,
        action: { kind: 'pull', image: recent.image, ...(recent.platform ? { platform: recent.platform } : {}) },
      });
    }
  }
  if (quickPull.length === 0) quickPull.push({ label: 'No favourites or recent pulls yet', enabled: false });

  const menu: TrayMenuItem[] = [];
  const active = state.pulls.filter((pull) => ACTIVE_STATES.has(pull.state));
  if (active.length > 0) {
    menu.push({ label: trayTitle(state.pulls) ?? '', heading: true, enabled: false });
    for (const pull of active) {
      const progress = pull.state === 'queued' ? 'queued' : `${Math.floor(pull.percent)}%`;
      menu.push({ label: `${pull.familiar} — ${progress}`, action: { kind: 'show-pull', pullId: pull.id } });
    }
    menu.push({ label: '', separator: true });
  }

  menu.push({ label: 'Quick pull', submenu: quickPull });
  menu.push(
    state.clipboardImage
      ? { label: `Pull ${truncate(state.clipboardImage, 48)} from clipboard`, enabled: canPull, action: { kind: 'pull-clipboard', image: state.clipboardImage } }
      : { label: 'Pull image from clipboard', enabled: false },
  );
  menu.push({ label: 'Stacks', submenu: stacksMenu(state.stacks, canPull) });
  if (state.updates !== undefined && state.updates > 0) menu.push({ label: `Updates (${state.updates})`, action: { kind: 'show-updates' } });
  if (state.engines && state.engines.choices.length > 0) {
    const { selected } = state.engines;
    menu.push({ label: 'Engine', submenu: state.engines.choices.map((choice) => ({ label: choice.label, checked: choice.id === selected, action: { kind: 'engine-choose', id: choice.id } })) });
  }
  if (!state.engineConnected) menu.push({ label: 'Engine disconnected', enabled: false });
  menu.push({ label: '', separator: true });
  menu.push({ label: 'Open Stevedore', action: { kind: 'open' } });
  menu.push({ label: 'Quit Stevedore', action: { kind: 'quit' } });
  return menu;
}

function stacksMenu(stacks: readonly TrayStack[], canAct: boolean): TrayMenuItem[] {
  const editable = stacks.filter((stack) => !stack.readOnly);
  if (editable.length === 0) return [{ label: 'No stacks yet', enabled: false }];
  return editable.map((stack) => ({
    label: STACK_STATUS_LABEL[stack.status] ? `${stack.name}  ${STACK_STATUS_LABEL[stack.status]}` : stack.name,
    submenu: [
      { label: 'Redeploy', enabled: canAct, action: { kind: 'stack-redeploy', stackId: stack.id } },
      // Only something running can be stopped (a stack never deployed has nothing to stop).
      { label: 'Stop', enabled: canAct && (stack.status === 'running' || stack.status === 'partial'), action: { kind: 'stack-stop', stackId: stack.id } },
    ],
  }));
}

const STACK_STATUS_LABEL: Record<TrayStack['status'], string> = {
  running: '● running',
  partial: '◐ partly running',
  stopped: '○ stopped',
  unknown: '',
};

function distinctRecents(recents: TrayState['recents'], favourites: ReadonlySet<string>): Array<{ image: string; platform?: string }> {
  const seen = new Set<string>();
  const result: Array<{ image: string; platform?: string }> = [];
  for (const recent of recents) {
    const key = `${recent.image}\u0000${recent.platform ?? ''}`;
    // A favourite is already one click away; listing it again under Recent only pushes others out.
    if (seen.has(key) || (favourites.has(recent.image) && !recent.platform)) continue;
    seen.add(key);
    result.push(recent);
    if (result.length === MAX_RECENTS_IN_TRAY) break;
  }
  return result;
}

/** "2 pulls · 45%": the tray title (macOS) and the first line of the tooltip; undefined when nothing runs. */
export function trayTitle(pulls: readonly TrayPull[]): string | undefined {
  const active = pulls.filter((pull) => ACTIVE_STATES.has(pull.state));
  if (active.length === 0) return undefined;
  const total = active.reduce((sum, pull) => sum + pull.bytesTotal, 0);
  // Each pull's own percentage (the one its menu item and the Pull screen show, extraction included), weighted
  // by its size when sizes are known, so one big image is not hidden by a small one nearly done.
  const percent =
    total > 0
      ? active.reduce((sum, pull) => sum + pull.percent * pull.bytesTotal, 0) / total
      : active.reduce((sum, pull) => sum + pull.percent, 0) / active.length;
  return `${active.length} ${active.length === 1 ? 'pull' : 'pulls'} · ${Math.floor(percent)}%`;
}

export function trayTooltip(state: Pick<TrayState, 'pulls' | 'engineConnected'>): string {
  const title = trayTitle(state.pulls);
  if (title) return `Stevedore — ${title}`;
  return state.engineConnected ? 'Stevedore' : 'Stevedore — engine disconnected';
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}
