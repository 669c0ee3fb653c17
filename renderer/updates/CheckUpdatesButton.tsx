import { Button, RefreshIcon } from '../components';
import { formatRelativeTime } from '../pull/format';
import { useNow } from '../pull/useNow';
import { useUpdatesAction, useUpdatesView } from './useUpdates';
import './Updates.css';

export interface CheckUpdatesButtonProps {
  /** What to check: one stack's images, one image, or (neither) everything. */
  scope?: { stackId: string } | { image: string };
  label?: string;
  size?: 'sm' | 'md';
  'data-testid'?: string;
}

/** "Check now": asks main to check; its answer (and later `updates.changed`) updates every badge at once. */
export function CheckUpdatesButton({ scope, label = 'Check for updates', size = 'sm', 'data-testid': testId = 'updates-check' }: CheckUpdatesButtonProps) {
  const check = useUpdatesAction('updates.check');
  const view = useUpdatesView();
  const busy = check.pending || view?.checking === true;
  return (
    <>
      <Button size={size} icon={<RefreshIcon size={14} />} busy={busy} onClick={() => void check.run(scope ?? {})} data-testid={testId}>
        {label}
      </Button>
      {check.error && (
        <span className="update-line update-line--problem" role="alert" data-testid={`${testId}-error`}>
          Could not check for updates: {check.error.message}
        </span>
      )}
    </>
  );
}

/** "3 updates · checked 2 minutes ago", for the screens' toolbars; nothing until main has an answer. */
export function UpdatesSummary() {
  const view = useUpdatesView();
  const now = useNow();
  if (!view) return null;
  const available = view.images.filter((update) => update.state === 'update-available').length;
  const parts: string[] = [];
  if (view.checking) parts.push('Checking for updates…');
  else if (view.lastCheckAt) {
    parts.push(available === 0 ? 'No updates' : `${available} ${available === 1 ? 'update' : 'updates'}`);
    parts.push(`checked ${formatRelativeTime(view.lastCheckAt, Math.max(now, Date.parse(view.lastCheckAt)))}`);
  } else parts.push('Not checked for updates yet');
  return (
    <span className="updates-summary muted" role="status" data-testid="updates-summary">
      {parts.join(' · ')}
    </span>
  );
}

/** The Images screen's "Check for updates" with how the last check went. */
export function UpdatesToolbar() {
  return (
    <div className="updates-toolbar">
      <UpdatesSummary />
      <CheckUpdatesButton size="md" />
    </div>
  );
}
