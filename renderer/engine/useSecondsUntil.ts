import { useEffect, useState } from 'react';

/** Whole seconds until an ISO time, ticking each second; undefined when there is no time. */
export function useSecondsUntil(iso: string | undefined): number | undefined {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (iso === undefined) return;
    const tick = (): void => setNow(Date.now());
    // Tick at once as well: `now` may be long stale when a new time arrives.
    const first = window.setTimeout(tick, 0);
    const interval = window.setInterval(tick, 1000);
    return () => {
      window.clearTimeout(first);
      window.clearInterval(interval);
    };
  }, [iso]);
  if (iso === undefined) return undefined;
  const at = Date.parse(iso);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}
