import { useId, useMemo, useState } from 'react';
import type { StackDetail, StackView } from '../../preload/api';
import { useAction, useCall, useEvent } from '../bridge';
import { Button, Card, EmptyState, ErrorCard, Spinner, StacksIcon } from '../components';
import { hrefFor, navigate } from '../navigation/route';
import { ComposeEditorCard, ComposeFileCard } from './ComposeCard';
import { DeployCard } from './DeployCard';
import { deployStore, useLatestDeploy } from './deployStore';
import { useHasDraft } from './drafts';
import { LogsCard } from './LogsCard';
import { PreflightCard } from './PreflightCard';
import { ServicesCard } from './ServicesCard';
import { StackHeader } from './StackHeader';
import { SwarmCard } from './SwarmCard';
import { isDeployRunning } from './stackText';
import { useStackStatus, type StackStatusState } from './useStackStatus';
import './StackPanel.css';

export interface StackPanelProps {
  id: string;
  /** The stack as the live list has it (state, deploy in progress); newer than the detail's copy. */
  listed: StackView | undefined;
}

/** One stack's page. Mount it with `key={id}`: everything in it belongs to that stack. */
export function StackPanel({ id, listed }: StackPanelProps) {
  const detail = useCall('stacks.get', { id });
  // A save answers with the new detail, newer than what `stacks.get` said before it; a later reload is newer still.
  const [reloads, setReloads] = useState(0);
  const [saved, setSaved] = useState<{ detail: StackDetail; reloads: number } | undefined>(undefined);
  const current = saved && (saved.reloads === reloads || detail.status === 'loading') ? saved.detail : detail.value;
  const reload = (): void => {
    setReloads((count) => count + 1);
    detail.reload();
  };

  if (!current) {
    if (detail.status === 'error') {
      if (detail.error.code === 'STACK_NOT_FOUND') {
        return (
          <EmptyState icon={<StacksIcon size={24} />} title="This stack is no longer listed" headingLevel={2} data-testid="stack-missing">
            <p>{detail.error.message}</p>
            <p>
              <a href={hrefFor('stacks')}>Back to the stacks</a>
            </p>
          </EmptyState>
        );
      }
      return (
        <ErrorCard
          title="Could not open the stack"
          code={detail.error.code}
          cause={detail.error.message}
          actions={<Button onClick={reload}>Try again</Button>}
        />
      );
    }
    return <Spinner label="Loading the stack" />;
  }

  const view = listed ?? current.stack;
  return view.kind === 'external' ? (
    <ExternalStack view={view} />
  ) : (
    <ManagedStack
      view={view}
      detail={current}
      onSaved={(next) => setSaved({ detail: next, reloads })}
      onReload={reload}
      reloading={detail.status === 'loading'}
    />
  );
}

interface ManagedStackProps {
  view: StackView;
  detail: StackDetail;
  onSaved: (detail: StackDetail) => void;
  onReload: () => void;
  reloading: boolean;
}

/** A stack Stevedore can deploy: written here or opened from disk. */
function ManagedStack({ view, detail, onSaved, onReload, reloading }: ManagedStackProps) {
  const headingId = useId();
  const id = view.id;
  const preflight = useCall('stacks.preflight', { id });
  const deploy = useLatestDeploy(id);
  const startDeploy = useAction('stacks.deploy');
  const status = useStackStatus(id);
  // "Deploy to Swarm" is offered only when the active engine is a Swarm manager; asked again when it changes.
  const swarm = useCall('swarm.state');
  useEvent('engine.status', swarm.reload);
  const savedText = useMemo(() => (detail.editable ? { yaml: detail.yaml ?? '', env: detail.env ?? '' } : undefined), [detail.editable, detail.yaml, detail.env]);
  const unsaved = useHasDraft(id, savedText);

  // What the preflight shows changes with the images on the engine and the stored credentials.
  useEvent('images.changed', preflight.reload);
  useEvent('registries.changed', preflight.reload);
  useEvent('stacks.deploy.progress', (progress) => {
    if (progress.stackId === id && !isDeployRunning(progress)) preflight.reload();
  });

  const deployRunning = (deploy !== undefined && isDeployRunning(deploy)) || view.deployId !== undefined;
  // The deploy started from this page: its progress is brought into view (the button sits above it).
  const [startedHere, setStartedHere] = useState<string | undefined>(undefined);
  const onDeploy = async (redeploy: boolean): Promise<void> => {
    const result = await startDeploy.run({ id, redeploy });
    if (result.ok) {
      deployStore.addStarted(result.value);
      setStartedHere(result.value.id);
    }
  };

  const hasContainers = view.containers.total > 0 || (status.status?.services.some((service) => service.containers.length > 0) ?? false);
  // Once shown, services and logs stay after Down, so its outcome (every service "not created") is visible.
  const [shownRunning, setShownRunning] = useState(false);
  if (hasContainers && !shownRunning) setShownRunning(true);

  return (
    <article className="stack-panel" aria-labelledby={headingId} data-testid="stack-panel" data-stack-id={id}>
      <StackHeader
        view={view}
        headingId={headingId}
        onSettingsChanged={() => {
          onReload();
          preflight.reload();
        }}
      />
      {detail.editable ? (
        <ComposeEditorCard
          detail={detail}
          onSaved={(next) => {
            onSaved(next);
            preflight.reload();
          }}
        />
      ) : (
        <ComposeFileCard
          detail={detail}
          onReload={() => {
            onReload();
            preflight.reload();
          }}
          reloading={reloading}
        />
      )}
      <PreflightCard
        preflight={preflight}
        unsaved={unsaved}
        deployed={view.containers.total > 0}
        deployRunning={deployRunning}
        starting={startDeploy.pending}
        onDeploy={(redeploy) => void onDeploy(redeploy)}
        startError={startDeploy.error}
      />
      {deploy && <DeployCard deploy={deploy} reveal={deploy.id === startedHere} liveStatus={status.status} />}
      {(hasContainers || shownRunning) && <RunningSections view={view} status={status} />}
      {swarm.value?.manager === true && <SwarmCard stackId={id} />}
    </article>
  );
}

/** A stack found on the engine: its services and logs, and the way to take it over (open its compose file). */
function ExternalStack({ view }: { view: StackView }) {
  const headingId = useId();
  const status = useStackStatus(view.id);
  const open = useAction('stacks.open');
  const adopt = async (): Promise<void> => {
    const result = await open.run({ for: view.id });
    if (result.ok && result.value.opened) navigate('stacks', result.value.opened.id);
  };
  return (
    <article className="stack-panel" aria-labelledby={headingId} data-testid="stack-panel" data-stack-id={view.id}>
      <StackHeader view={view} headingId={headingId} />
      <Card
        title="Started outside Stevedore"
        headingLevel={3}
        actions={
          <Button size="sm" variant="primary" busy={open.pending} onClick={() => void adopt()} data-testid="stack-adopt">
            Open compose file…
          </Button>
        }
      >
        <div className="stack">
          <p className="stack-panel__text">
            Docker Compose started this project without Stevedore. Its services and logs are shown here; to deploy, stop or take it down from
            Stevedore, open its compose file (the dialog starts in the folder compose recorded).
          </p>
          {open.error && <ErrorCard title="Could not open the compose file" code={open.error.code} cause={open.error.message} headingLevel={3} />}
        </div>
      </Card>
      <RunningSections view={view} status={status} />
    </article>
  );
}

function RunningSections({ view, status }: { view: StackView; status: StackStatusState }) {
  const services = useMemo(() => {
    const all = status.status?.services ?? [];
    // Services with containers first: those are the ones with something to read.
    return [...all.filter((service) => service.containers.length > 0), ...all.filter((service) => service.containers.length === 0)].map(
      (service) => service.service,
    );
  }, [status.status]);
  return (
    <>
      <ServicesCard view={view} status={status} />
      <LogsCard stackId={view.id} services={services} />
    </>
  );
}
