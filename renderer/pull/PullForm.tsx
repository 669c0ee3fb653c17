import { useEffect, useRef, useState, type FormEvent, type RefObject } from 'react';
import type { PullRequest, PullView } from '../../preload/api';
import { MAX_SECRET_LENGTH, secretTooLongMessage } from '../../shared/contract-limits';
import { call, liveValueStore, useLiveValue, type CallFailedError } from '../bridge';
import { Button, Card, ErrorCard, PullIcon, classNames } from '../components';
import { Combobox } from '../components/Combobox';
import { StarIcon } from '../components/moreIcons';
import { CredentialLine } from './CredentialLine';
import { favouriteEntryFor, suggestionGroups, type ImageSuggestion } from './library';
import { OneTimeCredentials, type OneTimeCredentialValues } from './OneTimeCredentials';
import { PlatformField } from './PlatformField';
import { RemoteImageLine } from './RemoteImageLine';
import { useRemoteImage, useTagSuggestions } from './registryHints';
import { platformChoiceFor, platformOf, type PullDraft } from './pullDraft';
import { usePulls, usePullState } from './pullStore';
import { useCredentialExplanation } from './useCredentialExplanation';
import { useStartPull } from './useStartPull';
import './PullForm.css';

/**
 * Which field a caller wants focused. `credentials` (after "Pull again" of a pull that used one-time
 * credentials) means the first one-time field still empty: the password when the username is kept.
 */
export interface FocusRequest {
  field: 'image' | 'credentials';
  /** A new number asks again for the same field. */
  nonce: number;
}

export interface PullFormProps {
  draft: PullDraft;
  onDraftChange: (patch: Partial<PullDraft>) => void;
  onStarted: (pull: PullView) => void;
  focusRequest: FocusRequest | undefined;
}

interface FieldErrors {
  image?: string;
  platform?: string;
  auth?: string;
  /** Anything main refused that is not about one field. */
  form?: CallFailedError;
}

const NO_CREDENTIALS: OneTimeCredentialValues = { username: '', password: '' };

export function PullForm({ draft, onDraftChange, onStarted, focusRequest }: PullFormProps) {
  const [credentials, setCredentials] = useState<OneTimeCredentialValues>(NO_CREDENTIALS);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [announcement, setAnnouncement] = useState('');
  const imageRef = useRef<HTMLInputElement>(null);
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const { start, pending } = useStartPull();
  // The pull this form started last and what it asked for: once that pull has failed or been cancelled, its panel
  // says why, and the line under the image stops saying the registry is being asked about the same image.
  const [startedHere, setStartedHere] = useState<{ id: string; image: string; platform: string | undefined } | undefined>(undefined);
  const startedState = usePullState(startedHere?.id);

  const oneTime = oneTimeState(draft.authOpen, credentials);
  // Only both fields make one-time credentials: with one of them empty the pull would not use them.
  const explanation = useCredentialExplanation(draft.image, oneTime === 'complete');
  // What the registry says about a typed tag (platforms, size, version), asked with the same credentials.
  const remoteImage = useRemoteImage(draft.image, platformOf(draft));
  const pullEnded =
    startedHere !== undefined && startedHere.image === draft.image && startedHere.platform === platformOf(draft) && (startedState === 'failed' || startedState === 'cancelled');
  const passwordError = credentials.password.length > MAX_SECRET_LENGTH ? secretTooLongMessage(credentials.password.length) : undefined;

  useEffect(() => {
    if (!focusRequest) return;
    if (focusRequest.field === 'image') imageRef.current?.focus();
    // The one-time credentials were not kept: ask for what is missing, the password first when a username is there.
    else (usernameRef.current?.value ? passwordRef : usernameRef).current?.focus();
  }, [focusRequest]);

  const changeDraft = (patch: Partial<PullDraft>): void => {
    onDraftChange(patch);
    if ('image' in patch) setErrors((previous) => ({ ...previous, image: undefined, form: undefined }));
    if ('platformChoice' in patch || 'otherPlatform' in patch) setErrors((previous) => ({ ...previous, platform: undefined }));
  };

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (pending) return;
    const hasUsername = credentials.username.trim() !== '';
    const hasPassword = credentials.password !== '';
    if (draft.authOpen && hasUsername !== hasPassword) {
      setErrors({ auth: 'Enter both a username and a password — or leave both empty to use the stored credentials.' });
      (hasUsername ? passwordRef : usernameRef).current?.focus();
      return;
    }
    if (draft.authOpen && passwordError) {
      passwordRef.current?.focus();
      return;
    }
    const request: PullRequest = { image: draft.image };
    const platform = platformOf(draft);
    if (platform) request.platform = platform;
    if (draft.authOpen && hasUsername && hasPassword) {
      request.oneTimeCredentials = { username: credentials.username.trim(), password: credentials.password };
    }
    setErrors({});
    const result = await start(request);
    if (result.ok) {
      // The password has done its job; do not keep it in the page any longer than needed.
      setCredentials((previous) => ({ ...previous, password: '' }));
      setStartedHere({ id: result.value.id, image: request.image, platform });
      setAnnouncement(`Started pulling ${result.value.familiar}.`);
      onStarted(result.value);
      return;
    }
    const fieldErrors = errorsFor(result.error);
    setErrors(fieldErrors);
    if (fieldErrors.image) imageRef.current?.focus();
  };

  const pickSuggestion = (option: ImageSuggestion): void => {
    changeDraft({ image: option.value, ...(option.platform ? platformChoiceFor(option.platform) : {}) });
  };

  return (
    <Card className="pull-form-card">
      <form className="pull-form" onSubmit={(event) => void submit(event)} noValidate aria-label="Pull an image">
        <div className="pull-form__row">
          <ImageField
            draft={draft}
            onChange={changeDraft}
            onPick={pickSuggestion}
            error={errors.image}
            canonical={explanation.status === 'ready' ? explanation.explanation.reference : undefined}
            inputRef={imageRef}
            onFavouriteError={(message) => setErrors((previous) => ({ ...previous, image: message }))}
          />
          <PlatformField draft={draft} onChange={changeDraft} error={errors.platform} />
        </div>
        <RemoteImageLine answer={remoteImage} pullEnded={pullEnded} />
        <OneTimeCredentials
          open={draft.authOpen}
          onToggle={() => onDraftChange({ authOpen: !draft.authOpen })}
          values={credentials}
          onChange={(values) => {
            setCredentials(values);
            setErrors((previous) => ({ ...previous, auth: undefined }));
          }}
          error={errors.auth}
          passwordError={passwordError}
          usernameRef={usernameRef}
          passwordRef={passwordRef}
        />
        <div className="pull-form__footer">
          <CredentialLine
            image={draft.image}
            state={explanation}
            oneTimeUsername={credentials.username.trim()}
            oneTimeIncomplete={oneTime === 'partial'}
            imageErrorShown={errors.image !== undefined}
          />
          <Button type="submit" variant="primary" icon={<PullIcon size={16} />} busy={pending} data-testid="pull-submit">
            Pull
          </Button>
        </div>
        {errors.form && (
          <ErrorCard
            title="The pull could not start"
            code={errors.form.code}
            cause={errors.form.message}
            fix={errors.form.code === 'ENGINE_UNREACHABLE' ? 'Start Docker, or choose the engine in Settings, then try again.' : undefined}
            headingLevel={3}
            data-testid="pull-start-error"
          />
        )}
        <span className="visually-hidden" role="status">
          {announcement}
        </span>
      </form>
    </Card>
  );
}

/** Whether the open Authentication section holds usable one-time credentials, half of them, or none. */
function oneTimeState(open: boolean, values: OneTimeCredentialValues): 'none' | 'partial' | 'complete' {
  if (!open) return 'none';
  const filled = [values.username.trim() !== '', values.password !== ''].filter(Boolean).length;
  return filled === 2 ? 'complete' : filled === 1 ? 'partial' : 'none';
}

/** Puts main's refusal next to the field it is about. */
function errorsFor(error: CallFailedError): FieldErrors {
  if (error.code.startsWith('REFERENCE_')) return { image: error.message };
  if (error.code.startsWith('PLATFORM') || (error.code === 'INVALID_REQUEST' && / at platform\b/.test(error.message))) return { platform: error.message };
  if (error.code === 'CREDENTIALS_INVALID' || (error.code === 'INVALID_REQUEST' && / at oneTimeCredentials\b/.test(error.message))) {
    return { auth: error.message };
  }
  return { form: error };
}

interface ImageFieldProps {
  draft: PullDraft;
  onChange: (patch: Partial<PullDraft>) => void;
  onPick: (option: ImageSuggestion) => void;
  error: string | undefined;
  /** The canonical reference main resolved the typed image to, when it has. */
  canonical: string | undefined;
  inputRef: RefObject<HTMLInputElement | null>;
  onFavouriteError: (message: string) => void;
}

function ImageField({ draft, onChange, onPick, error, canonical, inputRef, onFavouriteError }: ImageFieldProps) {
  const library = useLiveValue('library.get', 'library.changed');
  const { pulls } = usePulls();
  // Spellings main stored for what was typed here ("nginx" → "nginx:latest"), learned from star clicks.
  const [learned, setLearned] = useState<ReadonlyMap<string, string>>(new Map());
  const [saving, setSaving] = useState(false);

  const typed = draft.image.trim();
  const favourites = library.value?.favourites ?? [];
  const entry = favouriteEntryFor(typed, favourites, { pulls, canonical, learned });
  const starred = entry !== undefined;
  // Typing `image:` asks the registry for its tags.
  const tagGroup = useTagSuggestions(draft.image);

  const toggleFavourite = async (): Promise<void> => {
    if (typed === '' || saving) return;
    setSaving(true);
    try {
      const updated = await call('library.setFavourite', { image: entry ?? typed, favourite: !starred });
      liveValueStore('library.get', 'library.changed').set(updated);
      const [added, ...more] = updated.favourites.filter((image) => !favourites.includes(image));
      if (!starred && added !== undefined && more.length === 0) setLearned((previous) => new Map(previous).set(typed, added));
    } catch (thrown) {
      onFavouriteError(thrown instanceof Error ? thrown.message : String(thrown));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Combobox
      ref={inputRef}
      label="Image"
      placeholder="ghcr.io/org/app:1.4"
      monospace
      value={draft.image}
      onValueChange={(image) => onChange({ image })}
      groups={tagGroup === undefined ? suggestionGroups(library.value, draft.image) : [tagGroup, ...suggestionGroups(library.value, draft.image)]}
      onPick={(option) => onPick(option as ImageSuggestion)}
      error={error}
      data-testid="pull-image"
      enterKeyHint="go"
      trailing={
        <button
          type="button"
          className={classNames('icon-button pull-form__star', starred && 'pull-form__star--on')}
          aria-pressed={starred}
          aria-label="Favourite"
          title={typed === '' ? 'Type an image to favourite it' : starred ? `Remove ${entry} from favourites` : `Add ${typed} to favourites`}
          disabled={typed === ''}
          aria-busy={saving || undefined}
          onClick={() => void toggleFavourite()}
          data-testid="pull-favourite"
        >
          <StarIcon size={16} filled={starred} />
        </button>
      }
    />
  );
}
