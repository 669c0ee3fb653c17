import { useState } from 'react';
import type { PullView } from '../../preload/api';
import { ProgressBar, PullIcon } from '../components';
import { formatPercent } from '../format';
import { hrefFor } from '../navigation/route';
import { isActive } from '../pull/format';
import { usePulls } from '../pull/pullStore';
import './PullsIndicator.css';

/**
 * Running and queued pulls, on every screen: how many and how far overall; a click opens the Pull screen on
 * them. Also the one place that announces a pull finishing, wherever the user is.
 */
export function PullsIndicator() {
  const { active, pulls } = usePulls();
  const announcement = useFinishAnnouncement(active, pulls);
  const running = active.filter((pull) => pull.state !== 'queued').length;
  const queued = active.length - running;
  // Each pull counts the same, so a small image does not hide behind a large one; queued ones count as 0%.
  const overall = active.length === 0 ? 0 : active.reduce((sum, pull) => sum + pull.percent, 0) / active.length;
  const first = active[0];
  const counts = [running > 0 && `${running} running`, queued > 0 && `${queued} queued`].filter(Boolean).join(' · ');

  return (
    <div className="pulls-indicator-slot">
      <a
        className="pulls-indicator"
        href={first ? hrefFor('pull', first.id) : hrefFor('pull')}
        hidden={active.length === 0}
        data-testid="pulls-indicator"
        data-running={active.length}
        title={active.map((pull) => `${pull.familiar} — ${formatPercent(pull.percent)}`).join('\n')}
      >
        <span className="pulls-indicator__line">
          <PullIcon size={14} className="pulls-indicator__icon" />
          <span className="pulls-indicator__label">
            {active.length === 1 && first ? first.familiar : `${active.length} pulls`}
            <span className="visually-hidden">, {counts}</span>
          </span>
          <span className="pulls-indicator__percent tabular">{formatPercent(overall)}</span>
        </span>
        <ProgressBar size="sm" label="All running pulls" value={overall} />
        {active.length > 1 && (
          <span className="pulls-indicator__counts tabular" aria-hidden="true">
            {counts}
          </span>
        )}
      </a>
      <span className="visually-hidden" role="status">
        {announcement}
      </span>
    </div>
  );
}

/** "Pulled nginx:latest." when a pull this window saw running ends (not for pulls that were already over). */
function useFinishAnnouncement(active: readonly PullView[], pulls: readonly PullView[]): string {
  const [watched, setWatched] = useState<readonly string[]>([]);
  const [announcement, setAnnouncement] = useState('');
  const activeIds = active.map((pull) => pull.id);
  if (activeIds.join() !== watched.join()) {
    const ended = pulls.filter((pull) => watched.includes(pull.id) && !isActive(pull.state));
    if (ended.length > 0) setAnnouncement(ended.map(finishMessage).join(' '));
    setWatched(activeIds);
  }
  return announcement;
}

function finishMessage(pull: PullView): string {
  if (pull.state === 'done') return `Pulled ${pull.familiar}.`;
  if (pull.state === 'cancelled') return `Pull of ${pull.familiar} cancelled.`;
  return `Pull of ${pull.familiar} failed: ${pull.error?.title ?? 'see the Pull screen'}.`;
}
