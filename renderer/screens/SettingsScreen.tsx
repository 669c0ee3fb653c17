import type { ReactNode } from 'react';
import type { AppInfo } from '../../preload/api';
import { useCall, useEngineStatus } from '../bridge';
import {
  Badge,
  Button,
  Card,
  ErrorCard,
  MonitorIcon,
  MoonIcon,
  PropertyList,
  RefreshIcon,
  ScreenLayout,
  SegmentedControl,
  Spinner,
  SunIcon,
  type BadgeTone,
} from '../components';
import { EngineDetails } from '../engine/EngineDetails';
import { useThemePreference, type ThemePreference } from '../theme/themePreference';
import './SettingsScreen.css';

export function SettingsScreen() {
  return (
    <ScreenLayout id="settings" title="Settings" description="How Stevedore looks, which engine it uses, and where it keeps secrets.">
      <AppearanceCard />
      <EngineCard />
      <AppInfoCards />
    </ScreenLayout>
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

function EngineCard() {
  const engine = useEngineStatus();
  const { status } = engine;
  const badge: { tone: BadgeTone; text: string } =
    status?.state === 'connected'
      ? { tone: 'success', text: 'Connected' }
      : status?.state === 'disconnected' || engine.error
        ? { tone: 'danger', text: 'Disconnected' }
        : { tone: 'warning', text: 'Connecting' };
  return (
    <Card
      title="Docker engine"
      description="Found the way the docker CLI finds it: DOCKER_HOST, then the current Docker context, then the platform default."
      actions={
        <Button size="sm" icon={<RefreshIcon size={14} />} busy={engine.reconnecting} onClick={engine.reconnect}>
          Reconnect
        </Button>
      }
      data-testid="settings-engine"
    >
      <div className="settings__status-line">
        <Badge tone={badge.tone}>{badge.text}</Badge>
        {status && status.state !== 'connected' && <span className="muted">{status.reason}</span>}
      </div>
      {status ? (
        <EngineDetails status={status} testIdPrefix="settings-engine" />
      ) : engine.error ? (
        <ErrorCard title="Could not ask for the engine status" code={engine.error.code} cause={engine.error.message} headingLevel={3} />
      ) : (
        <Spinner label="Loading engine status" />
      )}
    </Card>
  );
}

function AppInfoCards() {
  const info = useCall('app.info');
  if (info.status === 'error') {
    return (
      <ErrorCard
        title="Could not load app information"
        code={info.error.code}
        cause={info.error.message}
        actions={<Button onClick={info.reload}>Try again</Button>}
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
  memory: 'warning',
  'basic-text': 'warning',
  unavailable: 'danger',
};

const secretStorageName: Record<AppInfo['secretStorage']['kind'], string> = {
  'os-keyring': 'OS keyring',
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
