import { formatDateTime } from '../format';
import { formatRelativeTime } from '../pull/format';
import { useNow } from '../pull/useNow';

/**
 * "3 minutes ago", kept current by the shared clock (renderer/pull/useNow.ts). Its own small component, so the clock's
 * tick renders only these labels, not the rows around them (issue 18: every row re-rendered every 30 s).
 */
export function RelativeTime({ at }: { at: string }) {
  const now = useNow();
  return (
    <time dateTime={at} title={formatDateTime(at)}>
      {formatRelativeTime(at, now)}
    </time>
  );
}
