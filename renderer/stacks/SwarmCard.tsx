import { useEffect, useId, useRef, useState } from 'react';
import type { SwarmServiceRowView, SwarmStackViewData } from '../../preload/api';
import { SWARM_MAX_REPLICAS } from '../../shared/contract-limits';
import { useAction, useCall } from '../bridge';
import { Button, Card, ConfirmDialog, ErrorCard, StatusDot } from '../components';
import { LogView } from '../components/LogView';
import { useFocusHandOver } from '../components/useFocusHandOver';
import { ServiceCell, StacksTable } from './StacksTable';
import './SwarmCard.css';

/** How often the replicas are read again while the card is open (Swarm has no per-stack event stream here). */
const REFRESH_MS = 3000;

/**
 * The stack on Docker Swarm, offered when the active engine is a Swarm manager: deploy it as a Swarm stack,
 * its services with replicas running/desired and the newest task error, scale, update, logs and remove.
 */
export function SwarmCard({ stackId }: { stackId: string }) {
  const headingId = useId();
  const services = useCall('swarm.services', { id: stackId });
  const deploy = useAction('swarm.deploy');
  const remove = useAction('swarm.remove');
  const [latest, setLatest] = useState<SwarmStackViewData | undefined>(undefined);
  const [confirmingRemove, setConfirmingRemove] = useState(false);
  const deployRef = useRef<HTMLButtonElement>(null);
  const removeRef = useRef<HTMLButtonElement>(null);
  // Once the stack is gone Remove turns off: the focus goes on to Deploy, after the dialog has closed (the card's
  // refresh may show the stack gone while the removal still waits for its tasks).
  const handOver = useFocusHandOver(confirmingRemove);
  const view = services.value ?? latest;
  const { reload } = services;

  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  const onDeploy = async (): Promise<void> => {
    remove.reset();
    const result = await deploy.run({ id: stackId });
    if (result.ok) {
      setLatest(result.value);
      reload();
    }
  };
  const askToRemove = (): void => {
    deploy.reset();
    remove.reset();
    setConfirmingRemove(true);
  };
  const onRemove = async (): Promise<void> => {
    const result = await remove.run({ id: stackId });
    if (result.ok) {
      handOver(() => removeRef.current, () => deployRef.current);
      setConfirmingRemove(false);
      reload();
    }
  };
  const deployed = (view?.services.length ?? 0) > 0;

  return (
    <Card
      title="Docker Swarm"
      headingLevel={3}
      description="The active engine is a Swarm manager: this stack can run as a Swarm stack (docker stack deploy), each image with the credentials Stevedore resolves for it."
      actions={
        <>
          <Button ref={deployRef} size="sm" variant="primary" busy={deploy.pending} onClick={() => void onDeploy()} data-testid="swarm-deploy">
            {deployed ? 'Deploy to Swarm again' : 'Deploy to Swarm'}
          </Button>
          <Button ref={removeRef} size="sm" busy={remove.pending} disabled={!deployed} onClick={askToRemove} data-testid="swarm-remove">
            Remove from Swarm
          </Button>
        </>
      }
    >
      <div className="stack" aria-labelledby={headingId}>
        {deploy.error && <ErrorCard title="Could not deploy to Swarm" code={deploy.error.code} cause={deploy.error.message} headingLevel={3} />}
        {services.error && !view && <ErrorCard title="Could not read the Swarm services" code={services.error.code} cause={services.error.message} headingLevel={3} />}
        {view && deployed ? <SwarmServiceTable view={view} onChanged={reload} /> : <p className="muted">Not deployed to this Swarm.</p>}
      </div>
      {confirmingRemove && view && (
        // As Take down asks for a Compose stack: removing stops every task of the stack on every node.
        <ConfirmDialog
          title={`Remove “${view.stack}” from the Swarm?`}
          message={
            <>
              Stops every task and removes the services, networks, configs and secrets of the Swarm stack <span className="mono">{view.stack}</span>{' '}
              (docker stack rm). Volumes and images stay on the nodes; Deploy to Swarm brings the stack back.
            </>
          }
          confirmLabel="Remove from Swarm"
          tone="danger"
          pending={remove.pending}
          onConfirm={() => void onRemove()}
          onCancel={() => setConfirmingRemove(false)}
          data-testid="swarm-remove-dialog"
        >
          {remove.pending && (
            <p className="muted" role="status">
              Waiting for the tasks to stop: Swarm gives each one its stop_grace_period (10 s unless the compose file says otherwise).
            </p>
          )}
          {remove.error && <ErrorCard title="Could not remove the Swarm stack" code={remove.error.code} cause={remove.error.message} headingLevel={3} />}
        </ConfirmDialog>
      )}
    </Card>
  );
}

function SwarmServiceTable({ view, onChanged }: { view: SwarmStackViewData; onChanged: () => void }) {
  return (
    <div className="services__scroll">
      <StacksTable caption={`Swarm services of ${view.stack}`} columns={['Service', 'Replicas', 'Image', 'Actions']} className="swarm-table" data-testid="swarm-table">
        {view.services.map((service) => (
          <SwarmServiceRow key={service.id} stackId={view.stackId} service={service} onChanged={onChanged} />
        ))}
      </StacksTable>
    </div>
  );
}

function SwarmServiceRow({ stackId, service, onChanged }: { stackId: string; service: SwarmServiceRowView; onChanged: () => void }) {
  const scale = useAction('swarm.scale');
  const update = useAction('swarm.update');
  const logs = useAction('swarm.logs');
  const [replicas, setReplicas] = useState(String(service.desired));
  const [lines, setLines] = useState<string[] | undefined>(undefined);
  const inputId = useId();
  const complete = service.running === service.desired;
  const wanted = Number(replicas);
  const validReplicas = replicas.trim() !== '' && Number.isInteger(wanted) && wanted >= 0 && wanted <= SWARM_MAX_REPLICAS;

  const onScale = async (): Promise<void> => {
    if ((await scale.run({ id: stackId, service: service.id, replicas: wanted })).ok) onChanged();
  };
  const onUpdate = async (): Promise<void> => {
    if ((await update.run({ id: stackId, service: service.id })).ok) onChanged();
  };
  const onLogs = async (): Promise<void> => {
    const result = await logs.run({ id: stackId, service: service.id, tail: 200 });
    if (result.ok) setLines(result.value.lines);
  };
  const failure = scale.error ?? update.error ?? logs.error;

  return (
    <>
      <tr data-testid="swarm-row" data-service={service.service} data-running={service.running} data-desired={service.desired}>
        <ServiceCell name={service.service}>
          <span className="stacks-table__secondary">{service.mode}</span>
        </ServiceCell>
        <td className="tabular">
          <span className="services-table__state-line" data-testid="swarm-replicas">
            <StatusDot tone={complete && service.desired > 0 ? 'success' : service.error ? 'danger' : 'warning'} />
            {service.running}/{service.desired} running
          </span>
        </td>
        <td className="mono swarm-table__image">{service.image}</td>
        <td>
          <div className="swarm-table__actions">
            {service.mode === 'replicated' && (
              <>
                <label htmlFor={inputId} className="visually-hidden">
                  Replicas of {service.service}
                </label>
                <input
                  id={inputId}
                  className="swarm-table__replicas"
                  type="number"
                  min={0}
                  max={SWARM_MAX_REPLICAS}
                  value={replicas}
                  onChange={(event) => setReplicas(event.target.value)}
                  data-testid="swarm-replicas-input"
                />
                <Button size="sm" busy={scale.pending} disabled={!validReplicas} onClick={() => void onScale()} data-testid="swarm-scale">
                  Scale
                </Button>
              </>
            )}
            <Button size="sm" busy={update.pending} onClick={() => void onUpdate()} data-testid="swarm-update">
              Update
            </Button>
            <Button size="sm" busy={logs.pending} onClick={() => void onLogs()} data-testid="swarm-logs">
              Logs
            </Button>
          </div>
        </td>
      </tr>
      {(service.error || failure || lines) && (
        <tr className="swarm-table__detail">
          <td colSpan={4}>
            {service.error && (
              <ErrorCard
                title={service.error.title}
                code={service.error.code}
                cause={service.error.cause}
                fix={service.error.fix}
                detail={service.error.detail}
                credential={service.error.credential}
                headingLevel={3}
              />
            )}
            {failure && <ErrorCard title={`Could not act on ${service.service}`} code={failure.code} cause={failure.message} headingLevel={3} />}
            {lines && <LogView lines={lines.map((text, index) => ({ key: index, text }))} label={`Logs of ${service.service}`} />}
          </td>
        </tr>
      )}
    </>
  );
}
