import { useCallback, useLayoutEffect, useRef, type ReactNode } from 'react';
import type { PullView } from '../../preload/api';
import { Button, Card, ErrorCard, ImagesIcon, ProgressBar, PropertyList, RefreshIcon } from '../components';
import { ButtonLink } from '../components/ButtonLink';
import { CopyButton } from '../components/CopyButton';
import { useFocusHandOver } from '../components/useFocusHandOver';
import { StopIcon } from '../components/moreIcons';
import { formatBytes, formatPercent } from '../format';
import { hrefFor } from '../navigation/route';
import { formatDuration, formatEta, formatRate, isActive, secondsBetween, shortId } from './format';
import { LayerTable } from './LayerTable';
import { RateLimitCard } from './RateLimitCard';
import { PullStateBadge } from './PullStateBadge';
import './PullPanel.css';

export interface PullPanelProps {
  pull: PullView;
  onCancel: () => void;
  cancelling: boolean;
  /** Pull the image again: on the same platform, or on the one given (a platform error's offer). */
  onPullAgain: (platform?: string) => void;
  pullingAgain: boolean;
}

/** Failures whose fix lies in the stored credentials: offer the way to them (not for typed one-time ones). */
const CREDENTIAL_FAILURES = new Set(['UNAUTHORIZED', 'DENIED', 'RATE_LIMITED']);

/** One pull, as main reports it: live progress while it runs, then its result, failure or cancellation. */
export function PullPanel({ pull, onCancel, cancelling, onPullAgain, pullingAgain }: PullPanelProps) {
  const active = isActive(pull.state);
  // Cancel goes away when the pull stops (cancelled, failed or done); with the focus on it, the keyboard would be
  // left nowhere. Pull again is in every stopped panel: the focus goes there.
  const pullAgainRef = useRef<HTMLButtonElement>(null);
  const handOver = useFocusHandOver();
  const noteCancelLeftWithFocus = useCallback(() => handOver(() => null, () => pullAgainRef.current), [handOver]);
  const pullAgain = (
    <Button ref={pullAgainRef} icon={<RefreshIcon size={14} />} busy={pullingAgain} onClick={() => onPullAgain()} data-testid="pull-again">
      Pull again
    </Button>
  );
  return (
    <Card
      className="pull-panel"
      title={<span className="mono pull-panel__image">{pull.familiar}</span>}
      description={
        <span className="pull-panel__subtitle">
          {pull.platform ? <span className="mono">{pull.platform}</span> : 'Engine’s default platform'}
          {/* A result and a failure list the credentials themselves. */}
          {pull.state !== 'done' && pull.state !== 'failed' && (
            <>
              <span aria-hidden="true"> · </span>
              <span data-testid="pull-credential">{pull.credential.summary}</span>
            </>
          )}
        </span>
      }
      actions={
        <PullStateBadge pull={pull} data-testid="pull-state" />
      }
      data-testid="pull-panel"
    >
      <div className="pull-panel__body">
        <OverallProgress pull={pull} onCancel={onCancel} cancelling={cancelling} onCancelLeftWithFocus={noteCancelLeftWithFocus} />
        {pull.notes.length > 0 && (
          <ul className="pull-panel__notes" data-testid="pull-notes">
            {pull.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        )}
        {pull.state === 'done' && <PullResult pull={pull} actions={pullAgain} />}
        {pull.state === 'failed' && (
          <ErrorCard
            {...(pull.error ?? {
              code: 'UNKNOWN',
              title: 'The pull failed',
              cause: 'Main reported the pull as failed without saying why.',
              fix: 'Pull again; if it fails again, the app log has the engine’s answer.',
              detail: '',
              credential: pull.credential.summary,
            })}
            announce={false}
            headingLevel={3}
            data-testid="pull-error"
            actions={
              <>
                {pull.error?.platforms?.map((platform) => (
                  <Button key={platform} variant="primary" busy={pullingAgain} onClick={() => onPullAgain(platform)} data-testid="pull-platform-choice">
                    Pull {platform}
                  </Button>
                ))}
                {pullAgain}
                {pull.error && CREDENTIAL_FAILURES.has(pull.error.code) && pull.credential.source !== 'one-time' && (
                  <ButtonLink variant="ghost" href={hrefFor('registries', 'explain', pull.familiar)}>
                    Check credentials in Registries
                  </ButtonLink>
                )}
              </>
            }
          />
        )}
        <RateLimitCard pull={pull} />
        {pull.state === 'cancelled' && (
          <div className="pull-panel__cancelled" data-testid="pull-cancelled">
            <p>{cancelledText(pull)}</p>
            {pullAgain}
          </div>
        )}
        {pull.layers.length > 0 &&
          (active ? (
            <LayerTable layers={pull.layers} caption={`Layers of ${pull.familiar}`} />
          ) : (
            <details className="pull-panel__layers">
              <summary>
                {pull.layers.length} {pull.layers.length === 1 ? 'layer' : 'layers'}
              </summary>
              <LayerTable layers={pull.layers} caption={`Layers of ${pull.familiar}`} />
            </details>
          ))}
      </div>
    </Card>
  );
}

interface OverallProgressProps {
  pull: PullView;
  onCancel: () => void;
  cancelling: boolean;
  /** Cancel is going away while it has the focus. */
  onCancelLeftWithFocus: () => void;
}

function OverallProgress({ pull, onCancel, cancelling, onCancelLeftWithFocus }: OverallProgressProps) {
  const active = isActive(pull.state);
  // Until the first layer reports a size there is no honest percentage: the bar is indeterminate then.
  const measuring = pull.state === 'checking' || (pull.state === 'pulling' && pull.bytesTotal === 0 && pull.percent === 0);
  const bytes = pull.bytesTotal > 0 ? `${formatBytes(pull.bytesDone)} of ${formatBytes(pull.bytesTotal)}` : undefined;
  const rate = pull.state === 'pulling' ? formatRate(pull.bytesPerSecond) : undefined;
  const eta = pull.state === 'pulling' ? formatEta(pull.etaSeconds) : undefined;
  const stopped = pull.state === 'failed' || pull.state === 'cancelled';
  const stoppedEarly = stopped && pull.bytesDone === 0;
  const tone = pull.state === 'done' ? 'success' : pull.state === 'failed' ? 'danger' : 'accent';
  return (
    <div className="pull-progress" data-testid="pull-progress" data-state={pull.state} data-percent={Math.floor(pull.percent)}>
      <div className="pull-progress__bar-row">
        {/* A pull that stopped before any download has no progress worth drawing; the line below says so. */}
        {!stoppedEarly && (
          <ProgressBar
            label={`Pulling ${pull.familiar}`}
            value={measuring ? undefined : pull.percent}
            valueText={[formatPercent(pull.percent), bytes].filter(Boolean).join(', ')}
            tone={tone}
            className="pull-progress__bar"
          />
        )}
        {active && (
          <CancelButton cancelling={cancelling} onCancel={onCancel} onLeftWithFocus={onCancelLeftWithFocus} />
        )}
      </div>
      <p className="pull-progress__stats tabular">
        {stoppedEarly ? (
          <span>Stopped before any layer was downloaded</span>
        ) : pull.state === 'queued' || pull.state === 'checking' ? null : (
          <>
            <span className="pull-progress__percent">{stopped ? `Stopped at ${formatPercent(pull.percent)}` : formatPercent(pull.percent)}</span>
            {bytes && <span>{bytes}</span>}
          </>
        )}
        {rate && <span>{rate}</span>}
        {eta && <span>{eta}</span>}
        {pull.state === 'queued' && <span>Waiting for a free slot: other pulls are running</span>}
        {pull.state === 'checking' && <span>{pull.platform ? `Checking that the image offers ${pull.platform}` : 'Looking up credentials'}</span>}
      </p>
    </div>
  );
}

function PullResult({ pull, actions }: { pull: PullView; actions: ReactNode }) {
  const duration = secondsBetween(pull.startedAt, pull.finishedAt);
  return (
    <div className="pull-result" data-testid="pull-result">
      <PropertyList
        items={[
          pull.digest !== undefined && {
            label: 'Digest',
            value: (
              <span className="pull-result__copyable">
                <code data-testid="pull-digest">{pull.digest}</code>
                <CopyButton text={pull.digest} what="digest" />
              </span>
            ),
          },
          pull.imageId !== undefined && {
            label: 'Image ID',
            value: (
              <span className="pull-result__copyable">
                <code title={pull.imageId} data-testid="pull-image-id">
                  {shortId(pull.imageId)}
                </code>
                <CopyButton text={pull.imageId} what="image ID" />
              </span>
            ),
          },
          pull.sizeBytes !== undefined && { label: 'Size', value: formatBytes(pull.sizeBytes) },
          duration !== undefined && { label: 'Took', value: formatDuration(duration) },
          { label: 'Credentials', value: pull.credential.summary },
        ]}
      />
      <div className="row">
        {actions}
        <ButtonLink variant="ghost" href={hrefFor('images')} icon={<ImagesIcon size={14} />}>
          Show in Images
        </ButtonLink>
      </div>
    </div>
  );
}

function cancelledText(pull: PullView): string {
  const duration = secondsBetween(pull.startedAt, pull.finishedAt);
  const when = duration === undefined ? '' : ` after ${formatDuration(duration)}`;
  return `Cancelled${when}. Layers that were already complete stay on the engine and are reused next time.`;
}

function CancelButton({ cancelling, onCancel, onLeftWithFocus }: { cancelling: boolean; onCancel: () => void; onLeftWithFocus: () => void }) {
  const ref = useRef<HTMLButtonElement>(null);
  // A layout effect's clean-up runs before React takes the button out of the page: it still knows where focus is.
  // (`onLeftWithFocus` is the same function for the panel's life.)
  useLayoutEffect(() => {
    const button = ref.current;
    return () => {
      if (button !== null && document.activeElement === button) onLeftWithFocus();
    };
  }, [onLeftWithFocus]);
  return (
    <Button ref={ref} size="sm" variant="secondary" icon={<StopIcon size={14} />} busy={cancelling} onClick={onCancel} data-testid="pull-cancel">
      Cancel
    </Button>
  );
}
