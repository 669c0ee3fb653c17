/**
 * Words and colours for what main says about stacks. Display only: every fact here (states, actions, sources)
 * comes from main; this file only decides how it reads.
 */
import type { CredentialExplanation, CredentialSource, DeployView, PreflightView, StackView } from '../../preload/api';
import type { BadgeTone, StatusTone } from '../components';

export type PlannedAction = PreflightView['services'][number]['action'];
export type DeployPhase = DeployView['state'];

export function stackStateText(view: Pick<StackView, 'state' | 'containers'>): { label: string; tone: BadgeTone } {
  const { running, total } = view.containers;
  switch (view.state) {
    case 'running':
      return { label: `Running ${running}/${total}`, tone: 'success' };
    case 'partial':
      return { label: `Running ${running}/${total}`, tone: 'warning' };
    case 'stopped':
      return { label: 'Stopped', tone: 'neutral' };
    case 'not-deployed':
      return { label: 'Not deployed', tone: 'neutral' };
  }
}

/** Where the stack comes from, in one line. */
export function stackSourceText(view: Pick<StackView, 'kind' | 'location'>): string {
  switch (view.kind) {
    case 'app':
      return 'Written in Stevedore';
    case 'file':
      return view.location ?? 'Compose file';
    case 'external':
      return 'Started outside Stevedore — read-only';
  }
}

export const actionText: Record<PlannedAction, string> = {
  pull: 'Pull',
  'use-local': 'Use local',
  build: 'Build',
  'pull-or-build': 'Pull, else build',
  none: 'Nothing to do',
};

export const actionTone: Record<PlannedAction, BadgeTone> = {
  pull: 'accent',
  'use-local': 'success',
  build: 'warning',
  'pull-or-build': 'accent',
  none: 'neutral',
};

const sourceText: Record<CredentialSource, string> = {
  'one-time': 'One-time credentials',
  registry: 'Stored registry',
  'default-registry': 'Default registry',
  'docker-config': 'Docker config',
  'credential-helper': 'Credential helper',
  anonymous: 'Anonymous',
};

/** "Stored registry “Team”", "Credential helper (osxkeychain)", "Anonymous". */
export function credentialText(explanation: Pick<CredentialExplanation, 'source' | 'registry' | 'helper'>): string {
  const base = sourceText[explanation.source];
  if (explanation.registry) return `${base} “${explanation.registry.name}”`;
  if (explanation.helper) return `${base} (${explanation.helper})`;
  return base;
}

export function credentialSourceText(source: CredentialSource): string {
  return sourceText[source];
}

/** A container or service state as the engine names it, with a colour that is never the only signal. */
export function serviceStateTone(state: string): StatusTone {
  switch (state) {
    case 'running':
      return 'success';
    case 'restarting':
    case 'paused':
    case 'mixed':
    case 'removing':
    case 'created':
      return 'warning';
    case 'dead':
      return 'danger';
    default:
      return 'neutral';
  }
}

export function serviceStateText(state: string): string {
  if (state === 'not-created') return 'Not created';
  if (state === 'mixed') return 'Mixed';
  return state.charAt(0).toUpperCase() + state.slice(1);
}

export const healthTone: Record<'healthy' | 'unhealthy' | 'starting', BadgeTone> = {
  healthy: 'success',
  unhealthy: 'danger',
  starting: 'warning',
};

export function isDeployRunning(deploy: Pick<DeployView, 'state'>): boolean {
  return deploy.state !== 'done' && deploy.state !== 'failed';
}

/** For `data-state` and the summary line. */
export function deployOutcome(deploy: Pick<DeployView, 'state'>): 'running' | 'done' | 'failed' {
  return deploy.state === 'done' ? 'done' : deploy.state === 'failed' ? 'failed' : 'running';
}

export const deployPhaseText: Record<DeployPhase, string> = {
  checking: 'Checking the stack',
  pulling: 'Pulling images',
  building: 'Building images',
  starting: 'Starting with Docker Compose',
  done: 'Deployed',
  failed: 'Deploy failed',
};

export const pullStateText: Record<DeployView['pulls'][number]['state'], string> = {
  waiting: 'Waiting',
  queued: 'Queued',
  checking: 'Checking',
  pulling: 'Pulling',
  done: 'Pulled',
  failed: 'Failed',
  cancelled: 'Cancelled',
  building: 'Building',
};

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Docker's own duration words (its `HumanDuration`), in seconds. */
const ENGINE_DURATION_UNITS: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86_400, week: 604_800, month: 2_592_000, year: 31_536_000 };
const ENGINE_AGO = /^(.*?)\s+(?:(Less than a second)|About an? (minute|hour)|(\d+) (second|minute|hour|day|week|month|year)s?) ago$/;

/**
 * The engine's status text ("Exited (137) 5 seconds ago") as its words and the time it names, so the view can
 * say how long ago with the app's one ticking clock instead of freezing the words of the moment it was listed.
 * `listedAt` is when main read the status.
 */
export function splitEngineStatus(text: string, listedAt: string): { words: string; since?: string } {
  const match = ENGINE_AGO.exec(text);
  const listed = Date.parse(listedAt);
  if (!match || Number.isNaN(listed)) return { words: text };
  const [, words = text, lessThanSecond, aboutUnit, count, unit] = match;
  const seconds = lessThanSecond ? 0 : aboutUnit ? (ENGINE_DURATION_UNITS[aboutUnit] ?? 0) : Number(count) * (ENGINE_DURATION_UNITS[unit ?? ''] ?? 0);
  return { words, since: new Date(listed - seconds * 1000).toISOString() };
}
