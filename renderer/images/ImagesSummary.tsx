import { useEffect, useMemo, useRef, useState } from 'react';
import type { ImagesUsage, ImageView } from '../../preload/api';
import { call, type CallFailedError } from '../bridge';
import { toCallFailedError } from '../bridge/call';
import { formatBytes } from '../format';

export interface ImagesSummaryProps {
  images: readonly ImageView[];
  /** How many of them the filter shows. */
  shownCount: number;
  /** The list is on its way: nothing to count or measure yet. */
  loading?: boolean;
}

/**
 * The Images toolbar's line: how many images, then their disk use. `docker system df` takes seconds on a busy
 * engine, so the count comes at once and the line says the disk use is being measured; a failed measurement says
 * so with a retry, and never hides the count.
 */
export function ImagesSummary({ images, shownCount, loading = false }: ImagesSummaryProps) {
  const summaryRef = useRef<HTMLParagraphElement>(null);
  const { usage, measuring, error, measureAgain } = useImagesUsage(loading ? undefined : images);
  const count = shownCount === images.length ? `${images.length} ${images.length === 1 ? 'image' : 'images'}` : `${shownCount} of ${images.length} images`;

  const retry = (): void => {
    // The button goes away with the failure: keep focus in this line (it is a live region) rather than lose it.
    summaryRef.current?.focus();
    measureAgain();
  };

  if (loading) {
    return (
      <p ref={summaryRef} tabIndex={-1} className="images-toolbar__summary tabular muted" aria-busy data-testid="images-summary">
        Loading images…
      </p>
    );
  }
  return (
    <p ref={summaryRef} tabIndex={-1} className="images-toolbar__summary tabular muted" aria-live="polite" aria-busy={measuring || undefined} data-testid="images-summary">
      {count}
      {usage ? (
        <span data-testid="images-usage" title="Disk space the images use, each shared layer counted once (as docker system df counts it)">
          {' · '}
          {formatBytes(usage.totalBytes)} on disk{usage.sharedBytes > 0 ? ` (${formatBytes(usage.sharedBytes)} shared)` : ''}
        </span>
      ) : measuring ? (
        <span data-testid="images-usage-measuring">{' · '}measuring disk use…</span>
      ) : error ? (
        <span data-testid="images-usage-error">
          {' · '}disk use not measured{' '}
          <button type="button" className="link-button" onClick={retry} aria-label="Measure the disk use again" title={`Could not measure the disk use: ${error.message}`}>
            Retry
          </button>
        </span>
      ) : null}
    </p>
  );
}

interface UsageAnswer {
  /** The ask this answers (a new one for each list and each retry). */
  ask: object;
  usage?: ImagesUsage;
  error?: CallFailedError;
}

/**
 * The engine's own count (each shared layer once), asked again whenever the list changes; a per-image sum would
 * count a layer shared by 2,000 images 2,000 times. One measurement at a time: the engine refuses a second
 * `docker system df` while one runs ("a disk usage operation is already running"), so a list that changes
 * meanwhile is measured once the running one ends. The last total stays until the next (it moves little, and the
 * list changes often while pulls run); a failure replaces it.
 */
function useImagesUsage(images: readonly ImageView[] | undefined) {
  const [attempt, setAttempt] = useState(0);
  // One object per ask: an answer counts only for the ask it belongs to.
  const ask = useMemo(() => ({ images, attempt }), [images, attempt]);
  const [answer, setAnswer] = useState<UsageAnswer | undefined>(undefined);
  const [lastUsage, setLastUsage] = useState<ImagesUsage | undefined>(undefined);
  const measurement = useRef({ latest: ask, running: false, mounted: true });

  useEffect(() => {
    const state = measurement.current;
    state.mounted = true;
    return () => {
      state.mounted = false;
    };
  }, []);

  useEffect(() => {
    const state = measurement.current;
    state.latest = ask;
    if (state.running || ask.images === undefined) return;
    const measure = (forAsk: object): void => {
      state.running = true;
      const done = (result: Omit<UsageAnswer, 'ask'>): void => {
        state.running = false;
        if (!state.mounted) return;
        if (result.usage) setLastUsage(result.usage);
        // The list changed (or a retry came) while the engine counted: count again for what is shown now.
        if (state.latest !== forAsk) return measure(state.latest);
        if (result.error) setLastUsage(undefined);
        setAnswer({ ask: forAsk, ...result });
      };
      call('images.usage').then(
        (usage) => done({ usage }),
        (thrown: unknown) => done({ error: toCallFailedError('images.usage', thrown) }),
      );
    };
    measure(ask);
  }, [ask]);

  return {
    usage: lastUsage,
    measuring: answer?.ask !== ask,
    error: answer?.error,
    measureAgain: () => setAttempt((previous) => previous + 1),
  };
}
