import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { AppInfo, FieldErrors, RegistryInput, RegistryView } from '../../preload/api';
import { useAction, type CallFailedError } from '../bridge';
import { toCallFailedError } from '../bridge/call';
import { Button, ChipsInput, Dialog, ErrorCard, TextField } from '../components';
import { Checkbox } from '../components/Checkbox';
import { PatternPreview } from './PatternPreview';
import { useDebouncedCall } from './useDebouncedCall';
import { useRegistryValidation } from './useRegistryValidation';
import './RegistryFormDialog.css';

/** `address` prefills the add form (the Pull screen's "Add Docker Hub credentials" after a rate limit). */
export type RegistryFormTarget = { mode: 'add'; address?: string } | { mode: 'edit'; registry: RegistryView };

export interface RegistryFormDialogProps {
  target: RegistryFormTarget;
  /** Where secrets are kept: "basic-text" asks for consent before storing one without a keyring. */
  secretStorage: AppInfo['secretStorage']['kind'] | undefined;
  onClose: () => void;
  /** After a save: the registry as main stored it, and the address as it was typed (main may have tidied it). */
  onSaved?: (registry: RegistryView, typedAddress: string) => void;
}

/** What the user is editing. `secret` only ever holds what they typed here: a stored secret never reaches the renderer. */
interface RegistryDraft {
  name: string;
  address: string;
  username: string;
  secret: string;
  patterns: string[];
  isDefault: boolean;
  allowWeakSecretStorage: boolean;
  /** "Remove stored credentials": the registry then means "pull anonymously". */
  clearCredentials: boolean;
}

/** The fields main's `registries.validate` reports on, in the order they appear (first invalid gets focus). */
const fieldOrder = ['name', 'address', 'username', 'secret', 'patterns', 'isDefault'] as const;
type FieldName = (typeof fieldOrder)[number];

const PATTERN_PREVIEW_PAUSE_MS = 250;

function initialDraft(target: RegistryFormTarget): RegistryDraft {
  if (target.mode === 'add') {
    return { name: '', address: target.address ?? '', username: '', secret: '', patterns: [], isDefault: false, allowWeakSecretStorage: false, clearCredentials: false };
  }
  const { registry } = target;
  return {
    name: registry.name,
    address: registry.address,
    username: registry.username ?? '',
    secret: '',
    patterns: [...registry.patterns],
    isDefault: registry.isDefault,
    allowWeakSecretStorage: registry.allowWeakSecretStorage,
    clearCredentials: false,
  };
}

/** What happens to a password typed here, in the words of where this installation keeps secrets. */
function secretHelp(kind: AppInfo['secretStorage']['kind'] | undefined): string {
  const tokenAdvice = 'An access token is better than your account password.';
  switch (kind) {
    case 'os-keyring':
      return `Encrypted with the system keyring and never shown again. ${tokenAdvice}`;
    case 'memory':
      return `Kept in memory until Stevedore stops, and never shown again. ${tokenAdvice}`;
    case 'unknown':
      return `Encrypted and never shown again; Settings → Secret storage says how well. ${tokenAdvice}`;
    case 'waiting':
      return `Saved once the system keyring answers (a password prompt may be open), and never shown again. ${tokenAdvice}`;
    default:
      return `Never shown again once saved. ${tokenAdvice}`;
  }
}

function toInput(draft: RegistryDraft, offerWeakStorage: boolean): RegistryInput {
  return {
    name: draft.name,
    address: draft.address,
    username: draft.clearCredentials ? undefined : draft.username,
    // Empty means "keep the stored secret" when editing, and "none" when adding.
    secret: draft.clearCredentials || draft.secret === '' ? undefined : draft.secret,
    patterns: draft.patterns,
    isDefault: draft.isDefault,
    allowWeakSecretStorage: offerWeakStorage ? draft.allowWeakSecretStorage : undefined,
  };
}

function firstInvalidField(errors: FieldErrors): FieldName | undefined {
  return fieldOrder.find((field) => errors[field]);
}

/** Add or edit a registry. Mounted only while open, so each opening starts from the registry as stored. */
export function RegistryFormDialog({ target, secretStorage, onClose, onSaved }: RegistryFormDialogProps) {
  const editing = target.mode === 'edit' ? target.registry : undefined;
  const offerWeakStorage = secretStorage === 'basic-text';
  const formId = useId();
  const patternsId = useId();

  const [draft, setDraft] = useState<RegistryDraft>(() => initialDraft(target));
  const openedWith = useMemo(() => JSON.stringify(initialDraft(target)), [target]);
  const unsavedChanges = JSON.stringify(draft) !== openedWith;
  const [touched, setTouched] = useState<ReadonlySet<FieldName>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<CallFailedError | undefined>(undefined);
  const [sample, setSample] = useState('');

  const input = toInput(draft, offerWeakStorage);
  // Main knows credentials are being removed, so it never asks for a password that is about to be dropped.
  const validation = useRegistryValidation({ input, id: editing?.id, clearCredentials: draft.clearCredentials || undefined });
  const errors = validation.errors;

  const add = useAction('registries.add');
  const update = useAction('registries.update');

  // Only ask for a preview main can answer usefully: with an address it accepts, and something to preview.
  const canPreview = draft.address.trim() !== '' && !errors.address && (draft.patterns.length > 0 || sample.trim() !== '');
  const preview = useDebouncedCall(
    'registries.previewPatterns',
    canPreview ? { address: draft.address, patterns: draft.patterns, sample: sample.trim() || undefined } : undefined,
    PATTERN_PREVIEW_PAUSE_MS,
  );
  const chipErrors = Object.fromEntries(
    (preview.value?.patterns ?? []).flatMap((row) => (row.error && draft.patterns.includes(row.written) ? [[row.written, row.error]] : [])),
  );

  const nameRef = useRef<HTMLInputElement>(null);
  const addressRef = useRef<HTMLInputElement>(null);
  const usernameRef = useRef<HTMLInputElement>(null);
  const secretRef = useRef<HTMLInputElement>(null);
  const isDefaultRef = useRef<HTMLInputElement>(null);
  // Focus moves after the errors are on screen, so a screen reader reads the field together with its message.
  const focusAfterRender = useRef<FieldName | undefined>(undefined);
  const [focusRequest, setFocusRequest] = useState(0);
  useEffect(() => {
    const field = focusAfterRender.current;
    focusAfterRender.current = undefined;
    if (!field) return;
    const elements: Record<FieldName, HTMLElement | null> = {
      name: nameRef.current,
      address: addressRef.current,
      username: usernameRef.current,
      secret: secretRef.current,
      patterns: document.getElementById(patternsId),
      isDefault: isDefaultRef.current,
    };
    elements[field]?.focus();
  }, [focusRequest, patternsId]);

  const focusFirstInvalid = (fieldErrors: FieldErrors): boolean => {
    const field = firstInvalidField(fieldErrors);
    if (!field) return false;
    focusAfterRender.current = field;
    setFocusRequest((count) => count + 1);
    return true;
  };

  const change = <K extends keyof RegistryDraft>(field: K, value: RegistryDraft[K]): void => {
    setDraft((current) => ({ ...current, [field]: value }));
    setSaveError(undefined);
  };
  const touch = (field: FieldName) => (): void => {
    setTouched((current) => (current.has(field) ? current : new Set(current).add(field)));
  };

  /**
   * Errors the form had as it opened (an empty name) wait until the field was visited or a save was tried;
   * errors an edit caused (a password without a username) show at once.
   */
  const visibleError = (field: FieldName): string | undefined => {
    const message = errors[field];
    if (!message) return undefined;
    if (submitted || touched.has(field)) return message;
    const initial = validation.initialErrors;
    return initial !== undefined && initial[field] !== message ? message : undefined;
  };

  const save = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (saving) return;
    setSubmitted(true);
    setSaveError(undefined);
    setSaving(true);
    try {
      let fieldErrors: FieldErrors;
      try {
        fieldErrors = await validation.validateNow();
      } catch (error) {
        setSaveError(toCallFailedError('registries.validate', error));
        return;
      }
      if (focusFirstInvalid(fieldErrors)) return;

      const result = editing
        ? await update.run({ ...input, id: editing.id, clearCredentials: draft.clearCredentials || undefined })
        : await add.run(input);
      if (result.ok) {
        onSaved?.(result.value, draft.address);
        onClose();
        return;
      }
      // Something changed between the check and the save (another registry took the name): show it per field.
      if (result.error.code === 'REGISTRY_INVALID') {
        const again = await validation.validateNow().catch(() => ({}));
        if (focusFirstInvalid(again)) return;
      }
      setSaveError(result.error);
    } finally {
      setSaving(false);
    }
  };

  const hasStoredCredentials = Boolean(editing && (editing.username || editing.hasSecret));
  const keepsStoredSecret = Boolean(editing?.hasSecret) && !draft.clearCredentials;
  const patternsError = Object.keys(chipErrors).length > 0 ? undefined : visibleError('patterns');

  return (
    <Dialog
      open
      onClose={onClose}
      dismissible={!saving}
      unsavedChanges={unsavedChanges}
      size="md"
      title={editing ? `Edit “${editing.name}”` : 'Add registry'}
      description={
        editing
          ? 'Changes apply from the next pull.'
          : 'A registry holds the credentials Stevedore sends to one host, and the Image Patterns they are for.'
      }
      data-testid="registry-form"
      footer={
        <>
          <Button onClick={onClose} disabled={saving}>
            Cancel
          </Button>
          <Button type="submit" form={formId} variant="primary" busy={saving} data-testid="registry-save">
            {editing ? 'Save changes' : 'Add registry'}
          </Button>
        </>
      }
    >
      <form id={formId} className="registry-form" noValidate onSubmit={(event) => void save(event)}>
        <TextField
          ref={nameRef}
          label="Name"
          value={draft.name}
          placeholder="e.g. Work GHCR"
          autoComplete="off"
          error={visibleError('name')}
          onChange={(event) => change('name', event.target.value)}
          onBlur={touch('name')}
        />
        <TextField
          ref={addressRef}
          label="Address"
          monospace
          value={draft.address}
          placeholder="ghcr.io"
          autoComplete="off"
          help="Host and optional port, e.g. ghcr.io or registry.example.com:5000"
          error={visibleError('address')}
          onChange={(event) => change('address', event.target.value)}
          onBlur={touch('address')}
        />

        <fieldset className="registry-form__group">
          <legend className="registry-form__legend">Credentials</legend>
          <p className="registry-form__hint muted">Leave both empty to pull the images this registry covers anonymously.</p>
          <TextField
            ref={usernameRef}
            label="Username"
            value={draft.clearCredentials ? '' : draft.username}
            autoComplete="off"
            spellCheck={false}
            disabled={draft.clearCredentials}
            error={visibleError('username')}
            onChange={(event) => change('username', event.target.value)}
            onBlur={touch('username')}
          />
          <TextField
            ref={secretRef}
            label="Password or token"
            type="password"
            // Uncontrolled on purpose: a controlled input mirrors its value into the `value` attribute, which would
            // put the typed secret into the DOM's markup. The state copy exists only to validate and save it.
            autoComplete="new-password"
            spellCheck={false}
            disabled={draft.clearCredentials}
            placeholder={keepsStoredSecret ? 'Stored — leave empty to keep it' : undefined}
            help={
              draft.clearCredentials
                ? undefined
                : keepsStoredSecret
                  ? 'Stored — leave empty to keep it, or type a new one to replace it.'
                  : secretHelp(secretStorage)
            }
            error={visibleError('secret')}
            onChange={(event) => change('secret', event.target.value)}
            onBlur={touch('secret')}
          />
          {hasStoredCredentials &&
            (draft.clearCredentials ? (
              <div className="registry-form__clearing" role="status">
                <p>The username and password are removed when you save; images this registry covers are then pulled anonymously.</p>
                <Button size="sm" onClick={() => change('clearCredentials', false)}>
                  Keep credentials
                </Button>
              </div>
            ) : (
              <div>
                <Button
                  size="sm"
                  variant="ghost"
                  className="registry-form__remove-credentials"
                  onClick={() => {
                    if (secretRef.current) secretRef.current.value = '';
                    setDraft((current) => ({ ...current, clearCredentials: true, secret: '' }));
                  }}
                >
                  Remove stored credentials
                </Button>
              </div>
            ))}
          {offerWeakStorage && !draft.clearCredentials && (
            <Checkbox
              label="Store without a keyring (no real protection)"
              tone="warning"
              checked={draft.allowWeakSecretStorage}
              onChange={(event) => change('allowWeakSecretStorage', event.target.checked)}
              help="No system keyring is available, so the password would be saved in a form anyone who can read your files can recover. Tick this only on a computer you trust — or install and unlock a keyring (GNOME Keyring, KWallet) and restart Stevedore."
            />
          )}
        </fieldset>

        <div className="registry-form__patterns">
          <ChipsInput
            id={patternsId}
            label="Image Patterns"
            itemName="pattern"
            values={draft.patterns}
            onChange={(patterns) => {
              change('patterns', patterns);
              touch('patterns')();
            }}
            placeholder={draft.patterns.length === 0 ? 'e.g. team/* — press Enter to add' : 'Add another'}
            help="Which images use these credentials: * matches within one path segment, ** across segments. With no patterns, the registry covers its whole host."
            chipErrors={chipErrors}
            error={patternsError}
          />
          <PatternPreview
            patterns={draft.patterns}
            addressEntered={draft.address.trim() !== '' && !errors.address}
            preview={preview}
            sample={sample}
            onSampleChange={setSample}
            onSampleKeyDown={(event: KeyboardEvent<HTMLInputElement>) => {
              // Trying an image is a scratch pad, not part of the registry: Enter there should not save.
              if (event.key === 'Enter') event.preventDefault();
            }}
          />
        </div>

        <Checkbox
          ref={isDefaultRef}
          label="Default registry for this host"
          checked={draft.isDefault}
          help="Used for images on this host that no registry's patterns match. A host has at most one default."
          error={visibleError('isDefault')}
          onChange={(event) => {
            change('isDefault', event.target.checked);
            touch('isDefault')();
          }}
        />

        {saveError && (
          <ErrorCard
            title={editing ? 'Could not save the changes' : 'Could not add the registry'}
            code={saveError.code}
            cause={saveError.message}
            headingLevel={3}
          />
        )}
      </form>
    </Dialog>
  );
}
