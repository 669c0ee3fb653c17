/**
 * Words and colours for what main says about stacks. Display only: every fact here (states, actions, sources)
 * comes from main; this file only decides how it reads.
 */
import type { CredentialExplanation, DeployView, PreflightView, StackView } from '../../preload/api';
import type { BadgeTone, StatusTone } from '../components';

export type PlannedAction = PreflightView['services'][number]['action'];
export type DeployPhase = DeployView['state'];
type CredentialSource = CredentialExplanation['source'];

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
