import { AlertIcon, InfoIcon, Spinner, classNames } from '../components';
import { KeyIcon } from '../components/moreIcons';
import { hrefFor } from '../navigation/route';
import { describeCredentialChoice, describeIncompleteOneTime } from './credentialChoice';
import type { ExplanationState } from './useCredentialExplanation';

export interface CredentialLineProps {
  image: string;
  state: ExplanationState;
  oneTimeUsername: string;
  /** Only one of username and password is filled in: one-time credentials will not be used as they are. */
  oneTimeIncomplete?: boolean;
  /** The image field already shows main's refusal: say it once. */
  imageErrorShown: boolean;
}

/** "Will use stored registry “Work” (pattern ghcr.io/org/*)": main's choice, live as the image is typed. */
export function CredentialLine({ image, state, oneTimeUsername, oneTimeIncomplete = false, imageErrorShown }: CredentialLineProps) {
  const explanation = state.status === 'ready' ? state.explanation : state.status === 'loading' ? state.previous : undefined;
  const stale = state.status === 'loading';

  let content;
  if (state.status === 'idle') {
    content = (
      <>
        <InfoIcon size={16} className="credential-line__icon" />
        <span>Type an image to see which credentials will be used.</span>
      </>
    );
  } else if (state.status === 'invalid') {
    content = (
      <>
        <AlertIcon size={16} className="credential-line__icon" />
        <span>{imageErrorShown ? 'Correct the image to see which credentials will be used.' : state.error.message}</span>
      </>
    );
  } else if (state.status === 'error') {
    content = (
      <>
        <AlertIcon size={16} className="credential-line__icon" />
        <span>Could not tell which credentials will be used: {state.error.message}</span>
      </>
    );
  } else if (explanation) {
    content = (
      <>
        <KeyIcon size={16} className="credential-line__icon" />
        <span className="credential-line__text" title={explanation.summary}>
          {oneTimeIncomplete ? describeIncompleteOneTime(oneTimeUsername) : describeCredentialChoice(explanation, oneTimeUsername)}
        </span>
        <a className="credential-line__why" href={hrefFor('registries', 'explain', image.trim())} title="How main chose: every registry it considered">
          Why?
        </a>
      </>
    );
  } else {
    content = (
      <>
        <Spinner size="sm" className="credential-line__icon" />
        <span>Checking which credentials apply…</span>
      </>
    );
  }

  return (
    <p
      className={classNames(
        'credential-line',
        (state.status === 'invalid' || state.status === 'error') && 'credential-line--problem',
        stale && 'credential-line--stale',
      )}
      data-testid="pull-credential-line"
      data-status={state.status}
      data-source={explanation?.source}
      aria-live="polite"
      aria-busy={stale || undefined}
    >
      {content}
    </p>
  );
}
