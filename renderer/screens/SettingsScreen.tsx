import { useState, type FormEvent, type ReactNode } from 'react';
import type { AppInfo, Settings } from '../../preload/api';
import { liveValueStore, useAction, useCall, useLiveValue, type ActionResult, type CallState } from '../bridge';
import {
  AlertIcon,
  Badge,
  Button,
  Card,
  ErrorCard,
  MonitorIcon,
  MoonIcon,
  PropertyList,
  ScreenLayout,
  SegmentedControl,
  Spinner,
  SunIcon,
  TextField,
  type BadgeTone,
} from '../components';
import { DockerConfigCard } from '../settings/DockerConfigCard';
import { EngineCard } from '../settings/EngineCard';
import { ToolsCard } from '../settings/ToolsCard';
import { UpdatesCard } from '../settings/UpdatesCard';
import { useThemePreference, type ThemePreference } from '../theme/themePreference';
import './SettingsScreen.css';

export function SettingsScreen() {
  const settings = useSettings();
  return (
    <ScreenLayout id="settings" title="Settings" description="How Stevedore looks, which engine it uses, and where it keeps secrets.">
      <AppearanceCard />
      <EngineCard />
      <SettingsGate settings={settings} label="Loading the Docker config file">
        {(value) => <DockerConfigCard initial={value} />}
      </SettingsGate>
      <PullsCard settings={settings} />
      <SettingsGate settings={settings} label="Loading the update settings">
        {(value) => <UpdatesCard initial={value} />}
      </SettingsGate>
      <ToolsCard />
      <AppInfoCards />
    </ScreenLayout>
  );
}

interface SettingsState {
  /** Main's settings, updated with what each save answers; undefined while loading or when loading failed. */
  value: Settings | undefined;
  load: CallState<Settings>;
  save: (update: Partial<Settings>) => Promise<ActionResult<Settings>>;
}

/** The app's settings, asked once; each save answers with the settings as stored, which then stand. */
function useSettings(): SettingsState {
  const load = useCall('settings.get');
  const update = useAction('settings.update');
  const [saved, setSaved] = useState<Settings | undefined>(undefined);
  const save = async (change: Partial<Settings>): Promise<ActionResult<Settings>> => {
    const result = await update.run(change);
    if (result.ok) setSaved(result.value);
    return result;
  };
  return { value: saved ?? load.value, load, save };
}

/** The settings fields wait for the stored values, so a field never starts empty and then jumps. */
function SettingsGate({ settings, label, children }: { settings: SettingsState; label: string; children: (value: Settings) => ReactNode }) {
  if (settings.value) return children(settings.value);
  if (settings.load.status === 'error') {
    return (
      <ErrorCard
        title="Could not load the settings"
        code={settings.load.error.code}
        cause={settings.load.error.message}
        headingLevel={3}
        announce={false}
        actions={<Button onClick={settings.load.reload}>Try again</Button>}
      />
    );
  }
  return <Spinner label={label} />;
}

interface SettingFieldProps {
  label: string;
  help: ReactNode;
  /** The stored value as text ('' for "use the default"); main may tidy what was typed (trimming), so saves read it back. */
  read: (settings: Settings) => string;
  settings: Settings;
  placeholder?: string;
  monospace?: boolean;
  type?: 'text' | 'number';
  min?: number;
  max?: number;
  /** Turns the text into a change, or says why it cannot be saved. */
  toChange: (text: string) => Partial<Settings> | { problem: string };
  save: SettingsState['save'];
  /** Said after a successful save, e.g. that the engine is being reconnected. */
  savedMessage?: string;
  testId: string;
}

/** One setting with its own Save: Enter or the button saves it, and it says when it is saved or why not. */
function SettingField({ label, help, read, settings, placeholder, monospace, type = 'text', min, max, toChange, save, savedMessage = 'Saved.', testId }: SettingFieldProps) {
  const stored = read(settings);
  const [draft, setDraft] = useState(stored);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [savedText, setSavedText] = useState<string | undefined>(undefined);
  const dirty = draft !== stored;

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (saving || !dirty) return;
    const change = toChange(draft);
    if ('problem' in change) {
      setProblem(change.problem);
      return;
    }
    setSaving(true);
    const result = await save(change);
    setSaving(false);
    if (result.ok) {
      setDraft(read(result.value));
      setProblem(undefined);
      setSavedText(savedMessage);
    } else {
      setProblem(result.error.message);
    }
  };

  return (
    <form className="settings__field" onSubmit={(event) => void submit(event)} noValidate>
      <TextField
        label={label}
        help={help}
        error={problem}
        value={draft}
        placeholder={placeholder}
        monospace={monospace}
        type={type}
        min={min}
        max={max}
        step={type === 'number' ? 1 : undefined}
        inputMode={type === 'number' ? 'numeric' : undefined}
        autoComplete="off"
        className="settings__input"
        onChange={(event) => {
          setDraft(event.target.value);
          setSavedText(undefined);
          setProblem(undefined);
        }}
        data-testid={testId}
      />
      <div className="settings__field-actions">
        <Button type="submit" size="sm" busy={saving} disabled={!dirty && !saving} data-testid={`${testId}-save`}>
          Save
        </Button>
        {dirty && (
          <Button size="sm" variant="ghost" onClick={() => setDraft(stored)} disabled={saving}>
            Undo
          </Button>
        )}
        <span className="settings__saved" role="status">
          {savedText}
        </span>
      </div>
    </form>
  );
}

const themeOptions = [
  { value: 'system', label: 'System', icon: <MonitorIcon size={14} /> },
  { value: 'light', label: 'Light', icon: <SunIcon size={14} /> },
  { value: 'dark', label: 'Dark', icon: <MoonIcon size={14} /> },
] as const satisfies ReadonlyArray<{ value: ThemePreference; label: string; icon: ReactNode }>;

function AppearanceCard() {
  const [theme, setTheme] = useThemePreference();
  return (
    <Card title="Appearance" description="System follows your operating system's light or dark setting. Kept on this computer only.">
      <SegmentedControl legend="Theme" options={themeOptions} value={theme} onChange={setTheme} data-testid="theme-choice" />
    </Card>
  );
}

const MIN_PULLS = 1;
const MAX_PULLS = 10;

function PullsCard({ settings }: { settings: SettingsState }) {
  return (
    <Card title="Pulls" description="More pulls at once finish a batch sooner but share the same bandwidth." data-testid="settings-pulls">
      <SettingsGate settings={settings} label="Loading the pull settings">
        {(value) => (
          <SettingField
            label="Pulls at once"
            help={`How many images download at the same time (${MIN_PULLS}–${MAX_PULLS}); the others wait in the queue.`}
            type="number"
            min={MIN_PULLS}
            max={MAX_PULLS}
            settings={value}
            read={(stored) => String(stored.maxConcurrentPulls)}
            toChange={(text) => {
              const count = Number(text);
              return Number.isInteger(count) && count >= MIN_PULLS && count <= MAX_PULLS
                ? { maxConcurrentPulls: count }
                : { problem: `Enter a whole number from ${MIN_PULLS} to ${MAX_PULLS}.` };
            }}
            save={settings.save}
            testId="settings-max-pulls"
          />
        )}
      </SettingsGate>
    </Card>
  );
}

function AppInfoCards() {
  // Followed, not asked once: the keyring may answer (or fail to) after the screen is open.
  const info = useLiveValue('app.info', 'app.info');
  if (info.status === 'error') {
    return (
      <ErrorCard
        title="Could not load app information"
        code={info.error.code}
        cause={info.error.message}
        actions={<Button onClick={liveValueStore('app.info', 'app.info').reload}>Try again</Button>}
      />
    );
  }
  if (!info.value) {
    return (
      <Card title="About Stevedore">
        <Spinner label="Loading app information" />
      </Card>
    );
  }
  return (
    <>
      <SecretStorageCard info={info.value} />
      <AboutCard info={info.value} />
    </>
  );
}

const secretStorageTone: Record<AppInfo['secretStorage']['kind'], BadgeTone> = {
  'os-keyring': 'success',
  unknown: 'warning',
  waiting: 'accent',
  memory: 'warning',
  'basic-text': 'warning',
  unavailable: 'danger',
};

const secretStorageName: Record<AppInfo['secretStorage']['kind'], string> = {
  'os-keyring': 'OS keyring',
  unknown: 'Keyring not confirmed',
  waiting: 'Waiting for the keyring…',
  memory: 'Memory only',
  'basic-text': 'No keyring',
  unavailable: 'Unavailable',
};

function SecretStorageCard({ info }: { info: AppInfo }) {
  const { secretStorage } = info;
  return (
    <Card title="Secret storage" data-testid="settings-secrets">
      <div className="settings__status-line">
        <Badge tone={secretStorageTone[secretStorage.kind]}>{secretStorageName[secretStorage.kind]}</Badge>
        {secretStorage.backend && <code className="muted">{secretStorage.backend}</code>}
      </div>
      <p className="settings__paragraph" data-testid="settings-secret-storage">
        {secretStorage.description}
      </p>
      {secretStorage.kind === 'basic-text' && (
        <p className="settings__warning" role="note">
          <AlertIcon size={16} />
          <span>
            Without a keyring, stored passwords have no real protection. Stevedore asks before storing one, per registry. Install and unlock a keyring (GNOME
            Keyring, KWallet) and restart Stevedore to fix this.
          </span>
        </p>
      )}
    </Card>
  );
}

function AboutCard({ info }: { info: AppInfo }) {
  return (
    <Card title={`About ${info.name}`} data-testid="settings-about">
      <PropertyList
        items={[
          { label: 'Version', value: info.version, testId: 'settings-app-version', mono: true },
          {
            label: 'Runtime',
            value: info.runtime === 'preview' ? 'Preview (browser)' : 'Desktop app (Electron)',
            testId: 'settings-runtime',
          },
          { label: 'Platform', value: `${info.platform}/${info.arch}`, mono: true },
          info.versions.electron !== undefined && { label: 'Electron', value: info.versions.electron, mono: true },
          info.versions.chrome !== undefined && { label: 'Chrome', value: info.versions.chrome, mono: true },
          { label: 'Node.js', value: info.versions.node, mono: true },
        ]}
      />
    </Card>
  );
}
