import { useId } from 'react';
import type { PreflightView } from '../../preload/api';
import type { CallState } from '../bridge';
import { AlertIcon, Badge, Button, Card, CheckIcon, ErrorCard, InfoIcon, RefreshIcon, Spinner, classNames } from '../components';
import { KeyIcon } from '../components/moreIcons';
import { ProblemList } from './ProblemList';
import { Reference } from './Reference';
import { actionText, actionTone, credentialText, plural } from './stackText';
import { ServiceCell, StacksTable } from './StacksTable';
import './PreflightCard.css';

export interface PreflightCardProps {
  preflight: CallState<PreflightView>;
  /** The editor holds changes the preflight (which reads the saved file) does not know about. */
  unsaved: boolean;
  /** The stack has containers: offer Redeploy (pull again, then up). */
  deployed: boolean;
  deployRunning: boolean;
  /** Waiting for main to accept a deploy. */
  starting: boolean;
  onDeploy: (redeploy: boolean) => void;
  /** Why main refused to start a deploy (busy, gone…). */
  startError: { code: string; message: string } | undefined;
}

type PreflightService = PreflightView['services'][number];

/** What a deploy will do, before anything runs: every service's image, its credentials and the planned action. */
export function PreflightCard({ preflight, unsaved, deployed, deployRunning, starting, onDeploy, startError }: PreflightCardProps) {
  const reasonId = useId();
  const view = preflight.value;
  const loading = preflight.status === 'loading';
  const errors = view?.problems.filter((problem) => problem.severity === 'error') ?? [];
  const blocked = !view || !view.ok || unsaved || deployRunning;
  const reason = !view
    ? loading
      ? 'Checking the stack…'
      : 'The preflight could not run.'
    : deployRunning
      ? 'A deploy is running.'
      : unsaved
        ? 'Save your changes to deploy them.'
        : !view.ok
          ? `Fix ${errors.length === 1 ? 'the error' : `the ${plural(errors.length, 'error')}`} above the table to deploy.`
          : undefined;

  return (
    <Card
      title="Preflight"
      headingLevel={3}
      description="What a deploy does: each service's image, the credentials it is pulled with, and whether it is pulled."
      actions={
        <Button size="sm" variant="ghost" icon={<RefreshIcon size={14} />} onClick={preflight.reload} busy={loading}>
          Check again
        </Button>
      }
    >
      <div className="preflight" aria-busy={loading || undefined}>
        {preflight.status === 'error' && (
          <ErrorCard title="Could not check the stack" code={preflight.error.code} cause={preflight.error.message} headingLevel={3} announce={false} />
        )}
        {!view && loading && <Spinner label="Checking the stack" />}
        {view && (
          <>
            <p className="preflight__meta">
              <span>
                Project <span className="mono">{view.project}</span>
              </span>
              {view.files && view.files.length > 0 && (
                <span data-testid="preflight-files">
                  {view.files.length === 1 ? 'File' : 'Files, merged in this order:'}{' '}
                  {view.files.map((file, index) => (
                    <span key={file}>
                      {index > 0 && ', '}
                      <span className="mono">{file}</span>
                    </span>
                  ))}
                </span>
              )}
              {view.compose && (
                <span>
                  Runs with <span className="mono">{view.compose}</span>
                </span>
              )}
            </p>
            {view.problems.length > 0 && (
              <div className={classNames('preflight__callout', errors.length > 0 ? 'preflight__callout--error' : 'preflight__callout--warning')} data-testid="preflight-problems">
                <p className="preflight__callout-title">
                  {errors.length > 0 ? <AlertIcon size={16} /> : <InfoIcon size={16} />}
                  {errors.length > 0
                    ? `${plural(errors.length, 'problem')} to fix before deploying`
                    : `${plural(view.problems.length, 'warning')}: the deploy can go ahead`}
                </p>
                <ProblemList problems={view.problems} label="Preflight problems" />
              </div>
            )}
            {view.services.length > 0 && <PreflightTable services={view.services} stale={loading} />}
          </>
        )}
        <div className="preflight__footer">
          <p id={reasonId} className={classNames('preflight__reason', !reason && 'visually-hidden')} aria-live="polite">
            {reason ?? 'Ready to deploy.'}
          </p>
          <div className="preflight__buttons">
            {deployed && (
              <Button
                onClick={() => onDeploy(true)}
                disabled={blocked}
                busy={starting}
                aria-describedby={reasonId}
                title="Pull every image again, then recreate the containers whose image changed"
                data-testid="stack-redeploy"
              >
                Redeploy
              </Button>
            )}
            <Button variant="primary" onClick={() => onDeploy(false)} disabled={blocked} busy={starting} aria-describedby={reasonId} data-testid="stack-deploy">
              Deploy
            </Button>
          </div>
        </div>
        {startError && <ErrorCard title="The deploy did not start" code={startError.code} cause={startError.message} headingLevel={3} />}
      </div>
    </Card>
  );
}

function PreflightTable({ services, stale }: { services: readonly PreflightService[]; stale: boolean }) {
  return (
    <div className="preflight__scroll">
      <StacksTable
        caption="Images and planned actions per service"
        columns={['Service', 'Image', 'Credentials', 'Local', 'Action']}
        className="preflight-table"
        stale={stale}
        data-testid="preflight-table"
      >
        {services.map((service) => (
          <tr key={service.service} data-testid="preflight-row" data-service={service.service} data-action={service.action} data-local={service.local}>
            <ServiceCell name={service.service} />
            <td className="preflight-table__image">
              <ImageCell service={service} />
            </td>
            <td className="preflight-table__credentials">
              <CredentialCell service={service} />
            </td>
            <td className="preflight-table__local">
              <LocalCell local={service.local} />
            </td>
            <td className="preflight-table__action">
              <Badge tone={actionTone[service.action]}>{actionText[service.action]}</Badge>
              <span className="stacks-table__secondary">{service.reason}</span>
            </td>
          </tr>
        ))}
      </StacksTable>
    </div>
  );
}

function ImageCell({ service }: { service: PreflightService }) {
  const shown = service.canonical ?? service.image;
  if (!shown) return <span className="muted">Built from its build: section</span>;
  return (
    <>
      <Reference value={shown} className="preflight-table__reference" />
      {service.canonical && service.image && service.canonical !== service.image && (
        <span className="stacks-table__secondary">
          written <Reference value={service.image} />
        </span>
      )}
      {(service.platform || service.pullPolicy) && (
        <span className="stacks-table__secondary">{[service.platform, service.pullPolicy && `pull_policy: ${service.pullPolicy}`].filter(Boolean).join(' · ')}</span>
      )}
    </>
  );
}

function CredentialCell({ service }: { service: PreflightService }) {
  const credential = service.credential;
  if (!credential) return <span className="muted">{service.build && !service.canonical ? 'Not pulled' : '—'}</span>;
  return (
    <div className="preflight-table__credential" title={credential.summary} data-source={credential.source}>
      <span className="preflight-table__credential-line">
        <KeyIcon size={14} className="preflight-table__key" />
        <span>{credentialText(credential)}</span>
        {/* The account, which the reason below says last and the cell's two lines rarely reach. */}
        {credential.username && <span> as {credential.username}</span>}
        {credential.pattern && <span className="preflight-table__pattern mono">{credential.pattern.written}</span>}
      </span>
      {/* The image is in the column before: the choice without it fits the cell's two lines (the whole sentence is the title). */}
      <span className="stacks-table__secondary preflight-table__summary">{credential.reason}</span>
    </div>
  );
}

function LocalCell({ local }: { local: boolean | undefined }) {
  if (local === undefined)
    return (
      <span className="muted" title="The engine could not be asked">
        Unknown
      </span>
    );
  return local ? (
    <span className="icon-text tone-success">
      <CheckIcon size={14} />
      Yes
    </span>
  ) : (
    <span className="muted">No</span>
  );
}
