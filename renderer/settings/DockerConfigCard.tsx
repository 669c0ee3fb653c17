import { useState } from 'react';
import type { Settings, SettingsChange } from '../../preload/api';
import { useAction, type ActionResult } from '../bridge';
import { Button, Card } from '../components';
import './EngineCard.css';

/**
 * Settings → Docker credentials: which Docker config file main reads. The window never names a file: "Choose
 * file…" asks main to show its own file dialog, "Use default" goes back to the docker CLI's location.
 */
export function DockerConfigCard({ initial }: { initial: Settings }) {
  const choose = useAction('settings.chooseDockerConfig');
  const useDefault = useAction('settings.useDefaultDockerConfig');
  const [path, setPath] = useState(initial.dockerConfigPath);
  const [outcome, setOutcome] = useState<{ saved?: string; problem?: string }>({});
  const busy = choose.pending || useDefault.pending;

  const settle = (result: ActionResult<SettingsChange>): void => {
    if (!result.ok) {
      setOutcome({ problem: result.error.message });
      return;
    }
    setPath(result.value.settings.dockerConfigPath);
    setOutcome({ saved: result.value.changed ? 'Saved.' : 'Nothing changed.' });
  };

  return (
    <Card
      title="Docker credentials"
      description="Where Stevedore looks for docker login credentials and credential helpers when no stored registry applies, and what Import from Docker reads."
      data-testid="settings-docker-config"
    >
      <div className="docker-config__current">
        <span className="field__label">Docker config file</span>
        {path ? (
          <code data-testid="settings-docker-config-path">{path}</code>
        ) : (
          <span data-testid="settings-docker-config-path">
            Default: <code>$DOCKER_CONFIG/config.json</code>, or <code>~/.docker/config.json</code>
          </span>
        )}
      </div>
      <div className="settings__field-actions">
        <Button size="sm" busy={choose.pending} disabled={busy} onClick={() => void choose.run(undefined).then(settle)} data-testid="settings-docker-config-choose">
          Choose file…
        </Button>
        <Button size="sm" variant="ghost" busy={useDefault.pending} disabled={busy || path === undefined} onClick={() => void useDefault.run(undefined).then(settle)} data-testid="settings-docker-config-default">
          Use default
        </Button>
        <span className="settings__saved" role="status">
          {outcome.saved}
        </span>
      </div>
      {outcome.problem && (
        <p className="docker-config__problem" role="alert" data-testid="settings-docker-config-problem">
          {outcome.problem}
        </p>
      )}
    </Card>
  );
}
