/**
 * What the OS notification says when a pull or a deploy ends. On failure: the error's title and its fix, so the
 * notification alone tells the user what to do.
 */
export interface FinishedPull {
  id: string;
  familiar: string;
  state: 'done' | 'failed' | 'cancelled';
  durationMs?: number;
  sizeBytes?: number;
  notes: readonly string[];
  error?: { title: string; fix: string };
}

export interface NotificationContent {
  title: string;
  body: string;
  /** What clicking it opens. */
  target: { screen: 'pull'; pullId: string } | { screen: 'stacks'; stackId: string };
}

/** Undefined for a cancelled pull: the user did that themselves and needs no news of it. */
export function pullNotification(pull: FinishedPull): NotificationContent | undefined {
  const target = { screen: 'pull', pullId: pull.id } as const;
  if (pull.state === 'done') {
    const details = [pull.sizeBytes !== undefined ? formatSize(pull.sizeBytes) : undefined, pull.durationMs !== undefined ? `${(pull.durationMs / 1000).toFixed(1)} s` : undefined]
      .filter(Boolean)
      .join(' in ');
    const note = pull.notes[0] ? ` ${pull.notes[0]}` : '';
    return { title: `Pulled ${pull.familiar}`, body: `${details || 'Up to date.'}${note}`.trim(), target };
  }
  if (pull.state === 'failed') {
    return { title: `Pull failed: ${pull.familiar}`, body: pull.error ? `${pull.error.title}. ${pull.error.fix}` : 'The pull failed.', target };
  }
  return undefined;
}

export interface FinishedDeploy {
  stackId: string;
  stackName: string;
  ok: boolean;
  error?: { title: string; fix: string };
  services?: number;
}

export function deployNotification(deploy: FinishedDeploy): NotificationContent {
  const target = { screen: 'stacks', stackId: deploy.stackId } as const;
  if (deploy.ok) {
    const services = deploy.services !== undefined ? ` ${deploy.services} ${deploy.services === 1 ? 'service' : 'services'} running.` : '';
    return { title: `Deployed ${deploy.stackName}`, body: `The stack is up.${services}`.trim(), target };
  }
  return {
    title: `Deploy failed: ${deploy.stackName}`,
    body: deploy.error ? `${deploy.error.title}. ${deploy.error.fix}` : 'The deploy failed; open the stack for its log.',
    target,
  };
}

function formatSize(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(0)} kB`;
  return `${bytes} B`;
}
