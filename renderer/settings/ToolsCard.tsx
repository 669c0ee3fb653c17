import type { ReactNode } from 'react';
import type { ToolsReport } from '../../preload/api';
import { useCall } from '../bridge';
import { Badge, Button, Card, ErrorCard, PropertyList, RefreshIcon, Spinner, type Property } from '../components';
import './ToolsCard.css';

/** Settings → Tools: where main found the programs it starts (docker, Compose, credential helpers). Display only. */
export function ToolsCard() {
  const tools = useCall('app.tools');
  const checkAgain = (
    <Button size="sm" icon={<RefreshIcon size={14} />} busy={tools.status === 'loading'} onClick={tools.reload}>
      Check again
    </Button>
  );
  if (tools.status === 'error' && !tools.value) {
    return <ErrorCard title="Could not look for the Docker tools" code={tools.error.code} cause={tools.error.message} actions={checkAgain} />;
  }
  return (
    <Card
      title="Tools"
      description="The programs Stevedore runs and where it found them. Install a missing one into one of the folders searched, then check again."
      actions={checkAgain}
      data-testid="settings-tools"
    >
      {tools.value ? <ToolsList report={tools.value} /> : <Spinner label="Looking for the Docker tools" />}
    </Card>
  );
}

function ToolsList({ report }: { report: ToolsReport }) {
  const { compose } = report;
  const items: Property[] = [
    { label: 'Docker CLI', value: <Found path={report.docker.path} missing="not found on PATH" />, testId: 'settings-tools-docker' },
    {
      label: 'Compose',
      testId: 'settings-tools-compose',
      value: compose.found ? (
        <Found
          path={compose.path ?? compose.description}
          detail={`${compose.kind === 'plugin' ? 'docker compose (CLI plugin)' : 'docker-compose (standalone)'} ${compose.version ?? ''}${compose.fromSetting ? ' · from Settings' : ''}`}
        />
      ) : (
        <Missing text="not found" detail={compose.problem} />
      ),
    },
    ...report.credentialHelpers.map(
      (helper): Property => ({
        label: (
          <span>
            Credential helper <code>{helper.name}</code>
          </span>
        ),
        testId: `settings-tools-helper-${helper.name}`,
        value: helper.path ? (
          <Found path={helper.path} detail={`for ${helper.usedFor.join(', ')}`} />
        ) : (
          <Missing text="not found" detail={helper.problem} />
        ),
      }),
    ),
    {
      label: 'Docker config',
      testId: 'settings-tools-config',
      value: report.dockerConfigProblem ? (
        <Missing text="unreadable" detail={report.dockerConfigProblem} />
      ) : (
        <span className="tools__detail">
          <code>{report.dockerConfigFile}</code>
          {report.credentialHelpers.length === 0 && <span className="muted">names no credential helper</span>}
        </span>
      ),
    },
  ];
  return (
    <>
      <PropertyList items={items} className="tools" />
      <details className="tools__path">
        <summary>Folders searched ({report.searchPath.length})</summary>
        <ol data-testid="settings-tools-path">
          {report.searchPath.map((folder) => (
            <li key={folder}>
              <code>{folder}</code>
            </li>
          ))}
        </ol>
      </details>
    </>
  );
}

function Found({ path, detail, missing = 'not found' }: { path: string | undefined; detail?: string; missing?: string }) {
  if (!path) return <Missing text={missing} detail={detail} />;
  return (
    <span className="tools__detail">
      <span>
        <Badge tone="success">found</Badge> <code>{path}</code>
      </span>
      {detail && <span className="muted">{detail}</span>}
    </span>
  );
}

function Missing({ text, detail }: { text: string; detail?: ReactNode }) {
  return (
    <span className="tools__detail">
      <span>
        <Badge tone="warning">{text}</Badge>
      </span>
      {detail && <span className="muted">{detail}</span>}
    </span>
  );
}
