import { useEffect, useState } from 'react';
import type { PullView } from '../../preload/api';
import { useAction } from '../bridge';
import { EmptyState, PullIcon, ScreenLayout, Spinner } from '../components';
import type { ScreenProps } from '../navigation/screenProps';
import { hrefFor, navigate } from '../navigation/route';
import { PullForm, type FocusRequest } from '../pull/PullForm';
import { PullPanel } from '../pull/PullPanel';
import { platformChoiceFor, usePullDraft } from '../pull/pullDraft';
import { pullStore, usePulls } from '../pull/pullStore';
import { RecentPulls } from '../pull/RecentPulls';
import { useStartPull } from '../pull/useStartPull';
import { NoRegistryHint } from '../registries/NoRegistryHint';
import '../pull/PullScreen.css';

// The pull shown when the user left, shown again when they come back to #/pull (this window's lifetime).
let rememberedShownId: string | undefined;

/**
 * Pull one image: the form, the pull it started (or the one in the address, `#/pull/<id>`, which the tray and
 * notifications open), and every running and recent pull below. The pulls themselves live in main.
 */
export function PullScreen({ path }: ScreenProps) {
  const pulls = usePulls();
  const [draft, updateDraft] = usePullDraft();
  const [focusRequest, setFocusRequest] = useState<FocusRequest | undefined>(undefined);
  const [lastShownId, setLastShownId] = useState<string | undefined>(() => rememberedShownId);
  const requestedId = path[0];

  // Without an id in the address, keep showing what was shown last, else whatever is running.
  const shownId = requestedId ?? (lastShownId && pulls.pulls.some((pull) => pull.id === lastShownId) ? lastShownId : pulls.active[0]?.id);
  const shown = shownId === undefined ? undefined : pulls.pulls.find((pull) => pull.id === shownId);
  if (shownId !== undefined && shownId !== lastShownId) setLastShownId(shownId);
  useEffect(() => {
    rememberedShownId = lastShownId;
  }, [lastShownId]);

  const cancel = useAction('pulls.cancel');
  const { start, pending: pullingAgain, error: pullAgainError } = useStartPull();

  const showPull = (pull: PullView): void => navigate('pull', pull.id);

  /** Pulls the same image again, on the same platform or on `otherPlatform` (a platform error's offer). */
  const pullAgain = async (pull: PullView, otherPlatform?: string): Promise<void> => {
    const platformToPull = otherPlatform ?? pull.platform;
    if (pull.credential.source === 'one-time') {
      // One-time credentials were never kept: ask for them again rather than pull with something else.
      updateDraft({ image: pull.familiar, ...platformChoiceFor(platformToPull), authOpen: true });
      setFocusRequest((previous) => ({ field: 'credentials', nonce: (previous?.nonce ?? 0) + 1 }));
      return;
    }
    const result = await start(platformToPull ? { image: pull.familiar, platform: platformToPull } : { image: pull.familiar });
    if (result.ok) showPull(result.value);
  };

  return (
    <ScreenLayout id="pull" title="Pull" description="Pull an image with the right credentials, and follow it layer by layer.">
      <NoRegistryHint />
      <PullForm draft={draft} onDraftChange={updateDraft} onStarted={showPull} focusRequest={focusRequest} />
      {shown ? (
        <PullPanel
          key={shown.id}
          pull={shown}
          onCancel={() => void cancel.run({ id: shown.id })}
          cancelling={cancel.pending}
          onPullAgain={(platform) => void pullAgain(shown, platform)}
          pullingAgain={pullingAgain}
        />
      ) : requestedId !== undefined ? (
        pulls.status === 'loading' ? (
          <Spinner label="Loading the pull" />
        ) : (
          <EmptyState icon={<PullIcon size={24} />} title="This pull is no longer listed" headingLevel={2} data-testid="pull-missing">
            <p>
              Stevedore keeps the running pulls and the latest finished ones while it runs. Pull the image again, or pick a pull from the
              list below. <a href={hrefFor('pull')}>Start a new pull</a>
            </p>
          </EmptyState>
        )
      ) : null}
      {pullAgainError && (
        <p className="pull-screen__action-error" role="alert">
          Could not pull again: {pullAgainError.message}
        </p>
      )}
      {cancel.error && (
        <p className="pull-screen__action-error" role="alert">
          Could not cancel: {cancel.error.message}
        </p>
      )}
      <RecentPulls snapshot={pulls} shownId={shown?.id} onRetry={pullStore.reload} />
    </ScreenLayout>
  );
}
