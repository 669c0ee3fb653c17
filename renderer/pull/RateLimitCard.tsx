import type { PullView } from '../../preload/api';
import { ButtonLink } from '../components/ButtonLink';
import { formatDateTime } from '../format';
import { hrefFor } from '../navigation/route';
import { useRateLimit } from './registryHints';
import './RemoteImageLine.css';

/**
 * Docker Hub's pull limit for the account a pull used: the pulls left after a pull, and — when a pull hit the
 * limit — when pulls are possible again and the way to add Docker Hub credentials (a higher limit).
 */
export function RateLimitCard({ pull }: { pull: PullView }) {
  const onDockerHub = pull.image.startsWith('docker.io/');
  const limited = pull.state === 'failed' && pull.error?.code === 'RATE_LIMITED';
  // After every Docker Hub pull; after a rate-limited pull on any registry (a mirror may pass Docker Hub's headers on).
  const ask = (onDockerHub && pull.state === 'done') || limited;
  const answer = useRateLimit(ask ? pull.image : undefined, `${pull.id}:${pull.state}`);
  if (!ask) return null;
  const addCredentials = limited && (
    <ButtonLink variant="primary" href={hrefFor('registries', 'add', onDockerHub ? 'docker.io' : (pull.image.split('/')[0] ?? ''))} data-testid="rate-limit-add-credentials">
      {onDockerHub ? 'Add Docker Hub credentials' : 'Add credentials for this registry'}
    </ButtonLink>
  );
  if (answer.status !== 'ready' || !answer.value.applies) {
    return limited ? (
      <div className="remote-image" data-testid="rate-limit">
        <p>{answer.status === 'loading' ? 'Asking Docker Hub when the limit resets…' : 'Docker Hub did not say when the limit resets.'}</p>
        {addCredentials}
      </div>
    ) : null;
  }
  const limit = answer.value;
  const hours = limit.windowSeconds === undefined ? undefined : Math.round(limit.windowSeconds / 3600);
  const who = limit.account === 'anonymous' ? 'anonymous pulls from this address' : limit.account;
  return (
    <div className="remote-image" aria-live="polite" data-testid="rate-limit">
      {limit.remaining === undefined ? (
        <p>{limit.host === 'docker.io' ? 'Docker Hub' : limit.host} states no pull limit for {who}.</p>
      ) : (
        <p>
          {limit.host === 'docker.io' ? 'Docker Hub' : limit.host}: <strong>{limit.remaining}</strong>
          {limit.limit === undefined ? '' : ` of ${limit.limit}`} pulls left for {who}
          {hours === undefined ? '' : ` (per ${hours} h window)`}.
        </p>
      )}
      {limit.resetsBy !== undefined && (
        <p data-testid="rate-limit-reset">
          No pulls left: possible again by <time dateTime={limit.resetsBy}>{formatDateTime(limit.resetsBy)}</time> at the latest (the window slides).
        </p>
      )}
      {addCredentials}
    </div>
  );
}
