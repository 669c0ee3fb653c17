import { SelectField } from '../components/SelectField';
import { TextField } from '../components';
import { DEFAULT_PLATFORM, OTHER_PLATFORM, presetPlatforms, type PlatformChoice, type PullDraft } from './pullDraft';

const options = [
  { value: DEFAULT_PLATFORM, label: 'Default (engine’s)' },
  ...presetPlatforms.map((platform) => ({ value: platform, label: platform })),
  { value: OTHER_PLATFORM, label: 'Other…' },
];

export interface PlatformFieldProps {
  draft: PullDraft;
  onChange: (patch: Partial<PullDraft>) => void;
  /** Main refused the platform. */
  error: string | undefined;
}

export function PlatformField({ draft, onChange, error }: PlatformFieldProps) {
  const other = draft.platformChoice === OTHER_PLATFORM;
  return (
    <div className="pull-form__platform">
      <SelectField
        label="Platform"
        value={draft.platformChoice}
        onValueChange={(value) => onChange({ platformChoice: value as PlatformChoice })}
        options={options}
        data-testid="pull-platform"
        aria-invalid={error && !other ? true : undefined}
      />
      {other && (
        <TextField
          label="Other platform"
          hideLabel
          monospace
          placeholder="os/arch[/variant], e.g. linux/arm64/v8"
          value={draft.otherPlatform}
          onChange={(event) => onChange({ otherPlatform: event.target.value })}
          error={error}
          data-testid="pull-platform-other"
        />
      )}
      {error && !other && (
        <p className="field__error">
          <span>{error}</span>
        </p>
      )}
    </div>
  );
}
