import { useId, type Ref } from 'react';
import { ChevronRightIcon, TextField } from '../components';
import { KeyIcon } from '../components/moreIcons';

export interface OneTimeCredentialValues {
  username: string;
  password: string;
}

export interface OneTimeCredentialsProps {
  open: boolean;
  onToggle: () => void;
  values: OneTimeCredentialValues;
  onChange: (values: OneTimeCredentialValues) => void;
  error: string | undefined;
  /** The password field's own problem (too long), shown as the user types. */
  passwordError?: string | undefined;
  usernameRef?: Ref<HTMLInputElement>;
  passwordRef?: Ref<HTMLInputElement>;
}

/**
 * Username and password for this one pull. They go to main with the pull request and nowhere else: not saved,
 * not logged, cleared from the form once the pull has started.
 */
export function OneTimeCredentials({ open, onToggle, values, onChange, error, passwordError, usernameRef, passwordRef }: OneTimeCredentialsProps) {
  const regionId = useId();
  const filled = values.username !== '' || values.password !== '';
  return (
    <div className="pull-auth">
      <button
        type="button"
        className="pull-auth__toggle"
        aria-expanded={open}
        aria-controls={regionId}
        onClick={onToggle}
        data-testid="pull-auth-toggle"
      >
        <ChevronRightIcon size={14} className="pull-auth__chevron" />
        <KeyIcon size={14} />
        <span>Authentication</span>
        <span className="pull-auth__hint">
          {open ? 'one-time credentials for this pull' : filled ? 'one-time credentials entered, not used while closed' : 'optional'}
        </span>
      </button>
      <div id={regionId} className="pull-auth__body" hidden={!open}>
        <p className="pull-auth__note">
          Used for this pull only instead of stored credentials — <strong>never stored</strong>, never logged, and cleared once the pull starts.
        </p>
        <div className="pull-auth__fields">
          <TextField
            ref={usernameRef}
            label="Username"
            autoComplete="off"
            spellCheck={false}
            autoCapitalize="off"
            value={values.username}
            onChange={(event) => onChange({ ...values, username: event.target.value })}
            data-testid="pull-auth-username"
          />
          <TextField
            ref={passwordRef}
            label="Password or token"
            type="password"
            // "new-password" keeps the browser from offering to save or fill it.
            autoComplete="new-password"
            value={values.password}
            error={passwordError}
            onChange={(event) => onChange({ ...values, password: event.target.value })}
            data-testid="pull-auth-password"
          />
        </div>
        {error && (
          <p className="field__error" role="alert">
            <span>{error}</span>
          </p>
        )}
      </div>
    </div>
  );
}
