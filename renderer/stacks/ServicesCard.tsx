import { useRef, useState } from 'react';
import type { DeployLogLine, StackStatus, StackView } from '../../preload/api';
import { useAction } from '../bridge';
import { Badge, Button, Card, ConfirmDialog, ErrorCard, Spinner, StatusDot } from '../components';
import { Checkbox } from '../components/Checkbox';
import { StopIcon } from '../components/moreIcons';
import { useFocusHandOver } from '../components/useFocusHandOver';
import { LogView } from '../components/LogView';
import { formatDateTime } from '../format';
import { Reference } from './Reference';
import { ServiceUpdateStatus } from '../updates/UpdateStatus';
import { formatRelativeTime } from '../pull/format';
import { useNow } from '../pull/useNow';
import { healthTone, plural, serviceStateText, serviceStateTone, splitEngineStatus } from './stackText';
import type { StackStatusState } from './useStackStatus';
import { ServiceCell, StacksTable } from './StacksTable';
import './ServicesCard.css';

type Verb = 'stop' | 'start' | 'down';

export interface ServicesCardProps {
  view: StackView;
  status: StackStatusState;
}

/** The stack's services as the engine has them, live, with Stop, Start and Down for stacks Stevedore can act on. */
export function ServicesCard({ view, status }: ServicesCardProps) {
  const stop = useAction('stacks.stop');
  const start = useAction('stacks.start');
  const [downOpen, setDownOpen] = useState(false);
  // What compose printed for the last action, kept for "what happened?".
  const [output, setOutput] = useState<{ verb: Verb; log: DeployLogLine[]; at: string } | undefined>(undefined);
  const failure = stop.error ?? start.error;

  const startRef = useRef<HTMLButtonElement>(null);
  const stopRef = useRef<HTMLButtonElement>(null);
  const downRef = useRef<HTMLButtonElement>(null);
  const outputRef = useRef<HTMLElement>(null);
  // Stop, Start and Down turn their own button off once done: the focus goes on to Start after Stop, Stop after
  // Start, and the output of `docker compose down` after Down.
  const handOver = useFocusHandOver(downOpen);

  const run = async (verb: 'stop' | 'start'): Promise<void> => {
    const action = verb === 'stop' ? stop : start;
    (verb === 'stop' ? start : stop).reset();
    const result = await action.run({ id: view.id });
    if (result.ok) {
      status.set(result.value.status);
      setOutput({ verb, log: result.value.log, at: new Date().toISOString() });
      if (verb === 'stop') handOver(() => stopRef.current, () => startRef.current);
      else handOver(() => startRef.current, () => stopRef.current);
    }
  };

  // Main refuses actions while a deploy runs; say so by disabling them rather than by an error afterwards.
  const busy = stop.pending || start.pending || view.deployId !== undefined;
  const deployed = view.state !== 'not-deployed';
  const services = status.status?.services ?? [];

  return (
    <Card
      title="Services"
      headingLevel={3}
      description={view.readOnly ? 'Live from the engine. Open the compose file to act on this stack.' : 'Live from the engine’s events.'}
      actions={
        view.readOnly ? undefined : (
          <>
            <Button ref={startRef} size="sm" onClick={() => void run('start')} busy={start.pending} disabled={(busy && !start.pending) || !deployed || view.state === 'running'} data-testid="stack-start">
              Start
            </Button>
            <Button
              ref={stopRef}
              size="sm"
              icon={<StopIcon size={14} />}
              onClick={() => void run('stop')}
              busy={stop.pending}
              disabled={(busy && !stop.pending) || !deployed || view.state === 'stopped'}
              data-testid="stack-stop"
            >
              Stop
            </Button>
            <Button ref={downRef} size="sm" variant="danger" onClick={() => setDownOpen(true)} disabled={busy || !deployed} data-testid="stack-down">
              Down…
            </Button>
          </>
        )
      }
    >
      <div className="services">
        {status.error && !status.status ? (
          <ErrorCard title="Could not read the services" code={status.error.code} cause={status.error.message} headingLevel={3} announce={false} />
        ) : !status.status ? (
          <Spinner label="Reading the services" />
        ) : services.length === 0 ? (
          <p className="muted services__empty">No services.</p>
        ) : (
          <ServiceTable status={status.status} />
        )}
        {failure && <ErrorCard title={`Could not ${stop.error ? 'stop' : 'start'} the stack`} code={failure.code} cause={failure.message} headingLevel={3} />}
        {output && output.log.length > 0 && (
          <details className="services__output">
            <summary ref={outputRef}>
              Output of <span className="mono">docker compose {output.verb}</span> <span className="muted">({formatDateTime(output.at)})</span>
            </summary>
            <LogView label={`Output of docker compose ${output.verb}`} lines={output.log.map((line, index) => ({ key: index, text: line.text }))} size="sm" />
          </details>
        )}
      </div>
      {downOpen && (
        <DownDialog
          view={view}
          onClose={() => setDownOpen(false)}
          onDone={(result) => {
            status.set(result.status);
            setOutput({ verb: 'down', log: result.log, at: new Date().toISOString() });
            setDownOpen(false);
            handOver(() => downRef.current, () => outputRef.current);
          }}
        />
      )}
    </Card>
  );
}

function ServiceTable({ status }: { status: StackStatus }) {
  // One clock for every relative time on the page (see useNow), so "a minute ago" moves on by itself.
  const now = useNow();
  return (
    <div className="services__scroll">
      <StacksTable
        caption={`Services of ${status.project}`}
        columns={['Service', 'State', 'Health', 'Ports', 'Image']}
        className="services-table"
        data-testid="service-table"
      >
        {status.services.map((service) => {
          const first = service.containers[0];
          const image = service.image ?? first?.image;
          return (
            <tr key={service.service} data-testid="service-row" data-service={service.service} data-state={service.state} data-health={service.health}>
              <ServiceCell name={service.service} />
              <td className="services-table__state">
                <span className="services-table__state-line">
                  <StatusDot tone={serviceStateTone(service.state)} pulse={service.state === 'restarting'} />
                  {serviceStateText(service.state)}
                </span>
                {service.containers.length > 1 ? (
                  <span className="stacks-table__secondary tabular">{plural(service.containers.length, 'container')}</span>
                ) : (
                  // The engine's own words ("Exited (1) …") say why a container is not running. For a running one
                  // its "Up …" is only as fresh as the last event, so it is left out rather than shown stale.
                  first && service.state !== 'running' && <EngineStatusText text={first.status} listedAt={status.at} now={now} />
                )}
              </td>
              <td>{service.health ? <Badge tone={healthTone[service.health]}>{service.health}</Badge> : <span className="muted">—</span>}</td>
              <td className="services-table__ports">
                {service.ports.length > 0 ? (
                  <ul className="services-table__port-list">
                    {service.ports.map((port) => (
                      <li key={port} className="mono tabular">
                        {port}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td>
                {image ? <Reference value={image} /> : <span className="muted">—</span>}
                <ServiceUpdateStatus stackId={status.stackId} service={service.service} />
              </td>
            </tr>
          );
        })}
      </StacksTable>
    </div>
  );
}

/** "Exited (137) · 2 minutes ago", kept current; the engine's own words when they name no time. */
function EngineStatusText({ text, listedAt, now }: { text: string; listedAt: string; now: number }) {
  const { words, since } = splitEngineStatus(text, listedAt);
  return (
    <span className="stacks-table__secondary">
      {words}
      {since && (
        <>
          {' · '}
          <time dateTime={since} title={formatDateTime(since)}>
            {formatRelativeTime(since, Math.max(now, Date.parse(listedAt)))}
          </time>
        </>
      )}
    </span>
  );
}

interface DownDialogProps {
  view: StackView;
  onClose: () => void;
  onDone: (result: { status: StackStatus; log: DeployLogLine[] }) => void;
}

/** Asks before taking the stack down; volumes (the stack's data) only when ticked, which is off by default. */
function DownDialog({ view, onClose, onDone }: DownDialogProps) {
  const down = useAction('stacks.down');
  const [volumes, setVolumes] = useState(false);
  const confirm = async (): Promise<void> => {
    const result = await down.run({ id: view.id, volumes });
    if (result.ok) onDone(result.value);
  };
  return (
    <ConfirmDialog
      title={`Take “${view.name}” down?`}
      message={
        <>
          Removes the containers and networks of project <span className="mono">{view.project}</span>. Images stay on the engine; Deploy brings the
          stack back.
        </>
      }
      confirmLabel={volumes ? 'Take down and delete volumes' : 'Take down'}
      tone="danger"
      pending={down.pending}
      onConfirm={() => void confirm()}
      onCancel={onClose}
      data-testid="stack-down-dialog"
      confirmTestId="stack-down-confirm"
    >
      <Checkbox
        label="Also remove volumes"
        tone="warning"
        help="Deletes the stack’s named volumes and the data in them. This cannot be undone."
        checked={volumes}
        onChange={(event) => setVolumes(event.target.checked)}
        disabled={down.pending}
        data-testid="stack-down-volumes"
      />
      {down.error && <ErrorCard title="Could not take the stack down" code={down.error.code} cause={down.error.message} headingLevel={3} />}
    </ConfirmDialog>
  );
}
