import { useEffect, useMemo, useRef } from 'react';
import type { DeployView, StackStatus } from '../../preload/api';
import { AlertIcon, Badge, Card, CheckIcon, ErrorCard, ProgressBar, Spinner, StatusDot, classNames } from '../components';
import { focusDropped } from '../components/useFocusHandOver';
import { LogView, type LogViewLine } from '../components/LogView';
import { formatDateTime, formatPercent } from '../format';
import { hrefFor } from '../navigation/route';
import { Reference } from './Reference';
import { actionText, credentialSourceText, deployOutcome, deployPhaseText, plural, pullStateText, serviceStateText, serviceStateTone } from './stackText';
import { ServiceCell, StacksTable } from './StacksTable';
import './DeployCard.css';

type Pull = DeployView['pulls'][number];
type StepId = 'check' | 'pull' | 'compose';
type StepState = 'complete' | 'current' | 'failed' | 'pending';

const STEPS: ReadonlyArray<{ id: StepId; label: string }> = [
  { id: 'check', label: 'Check' },
  { id: 'pull', label: 'Pull images' },
  { id: 'compose', label: 'Docker Compose' },
];

export interface DeployCardProps {
  deploy: DeployView;
  /** Scroll the card into view: the deploy was just started from this page. */
  reveal?: boolean;
  /** The stack's live status: after the deploy, each service's state is shown as it is now, not as it was then. */
  liveStatus?: StackStatus | undefined;
}

/** A deploy as main reports it: where it is, each image's pull, compose's output, and the result per service. */
export function DeployCard({ deploy, reveal = false, liveStatus }: DeployCardProps) {
  const outcome = deployOutcome(deploy);
  const rootRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!reveal) return;
    const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    rootRef.current?.scrollIntoView({ block: 'start', behavior: still ? 'auto' : 'smooth' });
    // Deploy and Redeploy are off while it runs: the one pressed dropped the focus, which the progress takes.
    if (focusDropped()) rootRef.current?.focus({ preventScroll: true });
  }, [reveal, deploy.id]);
  const logLines = useMemo<LogViewLine[]>(
    () =>
      deploy.log.map((line, index) => ({
        key: deploy.logDropped + index,
        text: line.text,
        tone: line.stream === 'stevedore' ? 'accent' : 'default',
        title: formatDateTime(line.at),
      })),
    [deploy.log, deploy.logDropped],
  );
  const results = useMemo(() => {
    const finished = deploy.finishedAt !== undefined;
    return deploy.services
      .filter((service) => service.ok !== undefined || service.state !== undefined)
      .map((service) => {
        // The state compose left is history once anything else happened (Stop, Start, a crash): show today's.
        const now = finished ? liveStatus?.services.find((candidate) => candidate.service === service.service)?.state : undefined;
        return now === undefined ? service : { ...service, state: now };
      });
  }, [deploy.services, deploy.finishedAt, liveStatus]);

  return (
    <Card
      title={outcome === 'running' ? (deploy.redeploy ? 'Redeploying' : 'Deploying') : deploy.redeploy ? 'Last redeploy' : 'Last deploy'}
      headingLevel={3}
      description={
        <>
          Started <time dateTime={deploy.startedAt}>{formatDateTime(deploy.startedAt)}</time>
          {deploy.finishedAt && (
            <>
              {' · '}finished <time dateTime={deploy.finishedAt}>{formatDateTime(deploy.finishedAt)}</time>
            </>
          )}
        </>
      }
    >
      <div ref={rootRef} className="deploy" tabIndex={-1} role="group" aria-label="Deploy progress" data-testid="deploy-progress" data-phase={deploy.state} data-state={outcome}>
        <PhaseLine deploy={deploy} />
        <Steps deploy={deploy} />
        {deploy.pulls.length > 0 && (
          <div className="deploy__pulls">
            <ProgressBar
              label="Images pulled"
              value={deploy.percent}
              valueText={`${formatPercent(deploy.percent)}, ${pulledText(deploy)}`}
              showValue
              tone={outcome === 'failed' ? 'danger' : outcome === 'done' ? 'success' : 'accent'}
              data-testid="deploy-overall"
            />
            <ul className="stacks-boxed-list" aria-label="Images">
              {deploy.pulls.map((pull) => (
                <PullRow key={`${pull.image} ${pull.platform ?? ''}`} pull={pull} />
              ))}
            </ul>
          </div>
        )}
        {deploy.error && (
          <ErrorCard
            title={deploy.error.title}
            code={deploy.error.code}
            cause={deploy.error.cause}
            fix={deploy.error.fix}
            detail={deploy.error.detail}
            credential={deploy.error.credential || undefined}
            headingLevel={3}
            data-testid="deploy-error"
          />
        )}
        {results.length > 0 && <ResultTable services={results} />}
        <div className="deploy__log">
          <h4 className="deploy__subheading">Deploy log</h4>
          <LogView
            label="Deploy log"
            lines={logLines}
            size="sm"
            note={deploy.logDropped > 0 ? `${plural(deploy.logDropped, 'earlier line')} not kept` : undefined}
            empty="Nothing yet."
            data-testid="deploy-log"
          />
        </div>
      </div>
    </Card>
  );
}

/** The one sentence a screen reader hears as the deploy moves on. */
function PhaseLine({ deploy }: { deploy: DeployView }) {
  const outcome = deployOutcome(deploy);
  const pulled = deploy.pulls.filter((pull) => pull.state === 'done').length;
  // "Pulling 1 image…", then "Pulling 3 images… 1 of 3 images pulled": what is happening, never "0 of 1 images".
  const text =
    deploy.state === 'pulling'
      ? `Pulling ${plural(deploy.pulls.length, 'image')}…${pulled > 0 ? ` ${pulledText(deploy)}` : ''}`
      : deploy.state === 'done'
        ? `${deployPhaseText.done} ${deploy.project}`
        : deployPhaseText[deploy.state];
  return (
    <p className={classNames('deploy__phase', `deploy__phase--${outcome}`)} role="status" data-testid="deploy-phase">
      {outcome === 'running' ? <Spinner size="sm" /> : outcome === 'done' ? <CheckIcon size={16} /> : <AlertIcon size={16} />}
      <span>{text}</span>
    </p>
  );
}

/** "1 of 3 images pulled". */
function pulledText(deploy: DeployView): string {
  return `${deploy.pulls.filter((pull) => pull.state === 'done').length} of ${deploy.pulls.length} images pulled`;
}

function stepStates(deploy: DeployView): Record<StepId, StepState> {
  const order: StepId[] = ['check', 'pull', 'compose'];
  let reached: number;
  let failed = false;
  if (deploy.state === 'done') return { check: 'complete', pull: 'complete', compose: 'complete' };
  if (deploy.state === 'failed') {
    failed = true;
    // Main's failure says what failed: an image (the pull), compose, or else the check before either.
    reached = deploy.error?.image ? 1 : deploy.error?.code === 'COMPOSE_FAILED' ? 2 : 0;
  } else {
    reached = deploy.state === 'checking' ? 0 : deploy.state === 'pulling' ? 1 : 2;
  }
  const states = {} as Record<StepId, StepState>;
  order.forEach((id, index) => {
    states[id] = index < reached ? 'complete' : index === reached ? (failed ? 'failed' : 'current') : 'pending';
  });
  return states;
}

function Steps({ deploy }: { deploy: DeployView }) {
  const states = stepStates(deploy);
  const pullLabel = deploy.pulls.length > 0 ? plural(deploy.pulls.length, 'image') : 'Nothing to pull';
  const composeLabel = deploy.state === 'building' ? 'Building' : 'Build and up';
  const notes: Record<StepId, string> = { check: 'Plan and problems', pull: pullLabel, compose: composeLabel };
  return (
    <ol className="deploy-steps" aria-label="Deploy steps">
      {STEPS.map((step) => {
        const state = states[step.id];
        return (
          <li key={step.id} className={classNames('deploy-steps__step', `deploy-steps__step--${state}`)} aria-current={state === 'current' ? 'step' : undefined}>
            <span className="deploy-steps__marker" aria-hidden="true">
              {state === 'complete' ? <CheckIcon size={12} /> : state === 'failed' ? <AlertIcon size={12} /> : state === 'current' ? <Spinner size="sm" /> : null}
            </span>
            <span className="deploy-steps__text">
              <span className="deploy-steps__label">{step.label}</span>
              <span className="deploy-steps__note">
                {notes[step.id]}
                <span className="visually-hidden">, {state}</span>
              </span>
            </span>
          </li>
        );
      })}
    </ol>
  );
}

function PullRow({ pull }: { pull: Pull }) {
  const finished = pull.state === 'done';
  const failed = pull.state === 'failed' || pull.state === 'cancelled';
  return (
    <li className="deploy-image" data-testid="deploy-image" data-image={pull.image} data-state={pull.state}>
      <div className="deploy-image__identity">
        <Reference value={pull.image} className="deploy-image__reference" />
        <span className="deploy-image__secondary">
          {pull.services.length > 0 && <span>for {pull.services.join(', ')}</span>}
          {pull.platform && <span className="mono">{pull.platform}</span>}
          {pull.credential && <span>{credentialSourceText(pull.credential.source)}</span>}
        </span>
        {pull.credential && (
          // The row is named by its image: the choice without it, the whole sentence as the title.
          <span className="deploy-image__summary" title={pull.credential.summary}>
            {pull.credential.reason}
          </span>
        )}
        {pull.error && (
          <span className="icon-text tone-danger deploy-image__error">
            <AlertIcon size={14} /> {pull.error.title}
          </span>
        )}
      </div>
      <div className="deploy-image__progress">
        <span className={classNames('deploy-image__state', finished && 'deploy-image__state--done', failed && 'deploy-image__state--failed')}>
          {pullStateText[pull.state]}
        </span>
        <ProgressBar
          size="sm"
          label={`Pull of ${pull.image}`}
          value={pull.state === 'waiting' || pull.state === 'queued' || pull.state === 'building' ? undefined : pull.percent}
          valueText={`${pullStateText[pull.state]}, ${formatPercent(pull.percent)}`}
          tone={failed ? 'danger' : finished ? 'success' : 'accent'}
        />
        <span className="deploy-image__percent tabular">{formatPercent(pull.percent)}</span>
        {pull.pullId && (
          <a className="deploy-image__link" href={hrefFor('pull', pull.pullId)} aria-label={`Pull details of ${pull.image}`}>
            Details
          </a>
        )}
      </div>
    </li>
  );
}

function ResultTable({ services }: { services: DeployView['services'] }) {
  return (
    <div className="deploy__results">
      <h4 className="deploy__subheading">Result per service</h4>
      <StacksTable caption="Result per service" columns={['Service', 'Action', 'State', 'Result']}>
        {services.map((service) => (
          <tr key={service.service} data-testid="deploy-result" data-service={service.service} data-ok={service.ok} data-state={service.state}>
            <ServiceCell name={service.service} />
            <td>{actionText[service.action]}</td>
            <td>
              {service.state ? (
                <span className="deploy__state">
                  <StatusDot tone={serviceStateTone(service.state)} />
                  {serviceStateText(service.state)}
                </span>
              ) : (
                <span className="muted">—</span>
              )}
            </td>
            <td>
              {service.ok === undefined ? (
                <span className="muted">—</span>
              ) : service.ok ? (
                <Badge tone="success" icon={<CheckIcon size={12} />}>
                  OK
                </Badge>
              ) : (
                <Badge tone="danger" icon={<AlertIcon size={12} />}>
                  Not running
                </Badge>
              )}
            </td>
          </tr>
        ))}
      </StacksTable>
    </div>
  );
}
