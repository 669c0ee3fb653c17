import { Button, Card, ProgressBar, Spinner, classNames } from '../components';
import { formatDateTime, formatPercent } from '../format';
import { hrefFor } from '../navigation/route';
import { formatRelativeTime, isActive } from './format';
import type { PullsSnapshot } from './pullStore';
import { useNow } from './useNow';
import { PullStateBadge } from './PullStateBadge';
import './RecentPulls.css';

export interface RecentPullsProps {
  snapshot: PullsSnapshot;
  shownId: string | undefined;
  onRetry: () => void;
}

/** Running, queued and recent pulls; each opens in the panel above (and its address can be shared: #/pull/<id>). */
export function RecentPulls({ snapshot, shownId, onRetry }: RecentPullsProps) {
  const now = useNow();
  const { pulls } = snapshot;
  return (
    <Card title="Pulls" description="Running and queued pulls, then the latest finished ones. They keep going when you leave this screen.">
      {snapshot.status === 'error' && pulls.length === 0 ? (
        <div className="recent-pulls__problem">
          <p>Could not load the pulls: {snapshot.error?.message}</p>
          <Button size="sm" onClick={onRetry}>
            Try again
          </Button>
        </div>
      ) : snapshot.status === 'loading' && pulls.length === 0 ? (
        <Spinner label="Loading pulls" />
      ) : pulls.length === 0 ? (
        <p className="muted recent-pulls__empty">No pulls yet. Pull an image above and it will be listed here.</p>
      ) : null}
      <ul className="recent-pulls" data-testid="pulls-recent" hidden={pulls.length === 0}>
        {pulls.map((pull) => {
          const active = isActive(pull.state);
          const time = pull.finishedAt ?? pull.startedAt;
          return (
            <li key={pull.id}>
              <a
                className={classNames('recent-pulls__item', pull.id === shownId && 'recent-pulls__item--current')}
                href={hrefFor('pull', pull.id)}
                aria-current={pull.id === shownId ? 'true' : undefined}
                data-testid="pulls-recent-item"
                data-id={pull.id}
                data-state={pull.state}
              >
                <span className="recent-pulls__image mono">{pull.familiar}</span>
                <span className="recent-pulls__platform mono">{pull.platform}</span>
                <span className="recent-pulls__status">
                  {active && pull.state === 'pulling' && (
                    <ProgressBar size="sm" label={`Pulling ${pull.familiar}`} value={pull.percent} className="recent-pulls__bar" />
                  )}
                  {active && pull.state === 'pulling' && <span className="tabular recent-pulls__percent">{formatPercent(pull.percent)}</span>}
                  <PullStateBadge pull={pull} />
                </span>
                <time className="recent-pulls__time tabular" dateTime={time} title={formatDateTime(time)}>
                  {formatRelativeTime(time, now)}
                </time>
              </a>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
