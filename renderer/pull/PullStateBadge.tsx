import type { PullView } from '../../preload/api';
import { Badge, type BadgeTone } from '../components';
import { pullStateLabel } from './format';

const stateTones: Record<PullView['state'], BadgeTone> = {
  queued: 'neutral',
  checking: 'accent',
  pulling: 'accent',
  done: 'success',
  failed: 'danger',
  cancelled: 'warning',
};

/** A pull's state as a coloured badge ("Queued #2", "Pulling", "Failed"), the same in the panel and the recent list. */
export function PullStateBadge({ pull, 'data-testid': testId }: { pull: Pick<PullView, 'state' | 'queuePosition' | 'platform'>; 'data-testid'?: string }) {
  return (
    <Badge tone={stateTones[pull.state]} data-testid={testId}>
      {pullStateLabel(pull)}
    </Badge>
  );
}
