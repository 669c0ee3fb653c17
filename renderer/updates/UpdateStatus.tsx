import { Badge, Button } from '../components';
import { formatDateTime } from '../format';
import { useNow } from '../pull/useNow';
import { newerTagsText, updateBadgeText, updateStateText, whatChanged, type ImageUpdate } from './updateText';
import { staleContainersOfService, updateForService, useImageUpdate, useUpdatesAction, useUpdatesView } from './useUpdates';
import './Updates.css';

/** The badge for an image's update state; nothing for the quiet states (up to date, built locally, pinned…). */
function UpdateBadge({ update }: { update: ImageUpdate }) {
  const text = updateBadgeText[update.state];
  if (text === undefined) return null;
  return (
    <Badge tone={update.state === 'update-available' ? 'accent' : 'warning'} className="update-badge" data-testid="update-badge">
      {text}
    </Badge>
  );
}

/** "N containers running an older image": they keep the old image until recreated. */
function StaleBadge({ count }: { count: number }) {
  if (count === 0) return null;
  return (
    <Badge tone="warning" className="update-badge" data-testid="update-stale">
      {count} {count === 1 ? 'container' : 'containers'} running an older image
    </Badge>
  );
}

/** The "what changed" line and newer tags, with the problem's fix for an image main could not check. */
function UpdateDetails({ update }: { update: ImageUpdate }) {
  const now = useNow();
  const newer = newerTagsText(update);
  const checked = update.checkedAt ? `Checked ${formatDateTime(update.checkedAt)}` : undefined;
  return (
    <>
      {update.state === 'update-available' && (
        <span className="update-line" data-testid="update-what-changed" title={checked}>
          {whatChanged(update, now)}
        </span>
      )}
      {update.state === 'could-not-check' && (
        <span className="update-line update-line--problem" data-testid="update-problem" title={update.problem ? `${update.problem.cause} ${update.problem.fix}` : undefined}>
          {update.problem ? `${update.problem.title}.` : updateStateText(update, now)}
          {update.problem && <span className="update-line__fix"> {update.problem.fix}</span>}
        </span>
      )}
      {newer && (
        <span className="update-line update-line--muted" data-testid="update-newer-tags">
          {newer}
        </span>
      )}
    </>
  );
}

/**
 * An image row's update state (Images screen): the badge, what changed, containers on an older image, and the
 * per-image opt-out. Updating the image is the row's own "Pull again". Most rows have none: they read their entry
 * and nothing else (no clock, no action state), which keeps a row cheap to mount while scrolling.
 */
export function ImageUpdateStatus({ imageId, name }: { imageId: string; name: string }) {
  const update = useImageUpdate(imageId);
  return update ? <ImageUpdateLines update={update} name={name} /> : null;
}

function ImageUpdateLines({ update, name }: { update: ImageUpdate; name: string }) {
  const ignore = useUpdatesAction('updates.ignore');
  const setIgnored = (value: boolean): void => void ignore.run({ image: update.image, ignore: value });
  const stale = update.staleContainers.length;
  return (
    <div className="update-status" data-testid="image-update" data-state={update.state}>
      <UpdateBadge update={update} />
      <StaleBadge count={stale} />
      {update.state === 'ignored' ? (
        <span className="update-line update-line--muted">
          Updates not checked.{' '}
          <button type="button" className="link-button update-link" disabled={ignore.pending} onClick={() => setIgnored(false)} aria-label={`Check ${name} for updates again`} data-testid="image-update-unignore">
            Check again
          </button>
        </span>
      ) : (
        (update.state === 'update-available' || update.state === 'could-not-check') && (
          <Button size="sm" variant="ghost" className="update-status__ignore" disabled={ignore.pending} onClick={() => setIgnored(true)} aria-label={`Don’t check ${name} for updates`} data-testid="image-update-ignore">
            Don’t check
          </Button>
        )
      )}
      <UpdateDetails update={update} />
      {ignore.error && (
        <span className="update-line update-line--problem" role="alert">
          {ignore.error.message}
        </span>
      )}
    </div>
  );
}

/** A stack service's update state (Services card): the badge, what changed, and containers on an older image. */
export function ServiceUpdateStatus({ stackId, service }: { stackId: string; service: string }) {
  const view = useUpdatesView();
  const update = updateForService(view, stackId, service);
  const stale = staleContainersOfService(view, stackId, service);
  if (!update && stale === 0) return null;
  return (
    <div className="update-status" data-testid="service-update" data-state={update?.state}>
      {update && <UpdateBadge update={update} />}
      <StaleBadge count={stale} />
      {update && <UpdateDetails update={update} />}
    </div>
  );
}
