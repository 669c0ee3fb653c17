import { useRef, useState } from 'react';
import type { StackUpdateResult, StackView } from '../../preload/api';
import { useAction, useCall } from '../bridge';
import { Badge, Button, Dialog, ErrorCard, type BadgeTone } from '../components';
import { LogView } from '../components/LogView';
import { useNow } from '../pull/useNow';
import { Reference } from '../stacks/Reference';
import { CheckUpdatesButton } from './CheckUpdatesButton';
import { serviceOutcomeText, servicesWithUpdatesText, whatChanged, type ImageUpdate, type ServiceOutcome } from './updateText';
import { stackServicesWithUpdates, updatesStore, useUpdatesAction, useUpdatesView } from './useUpdates';
import './Updates.css';

/**
 * The stack header's updates line: "2 services have updates" with "Update stack…", "Check now", and the stack's
 * opt-out. Main decides which services changed; "Update stack" asks main to pull those images and recreate only
 * their services.
 */
export function StackUpdates({ view }: { view: StackView }) {
  const updates = useUpdatesView();
  const [open, setOpen] = useState(false);
  const services = stackServicesWithUpdates(updates, view.id);
  const stale = new Set(
    (updates?.images ?? []).flatMap((update) => update.staleContainers.filter((container) => container.stackId === view.id).map((container) => container.service ?? container.name)),
  );
  const ignored = useStackIgnored(view.id);
  const canUpdate = !view.readOnly && view.deployId === undefined && view.onOtherEngine === undefined;

  let summary: string;
  if (ignored.value) summary = 'Not checked for updates: you turned checks off for this stack.';
  else if (services.length > 0) summary = servicesWithUpdatesText(services.length);
  else if (stale.size > 0) summary = `${stale.size === 1 ? '1 service runs' : `${stale.size} services run`} an older image than the one on the engine`;
  else if (updates?.lastCheckAt) summary = 'No updates found';
  else summary = 'Not checked yet';

  return (
    <div className="stack-updates" data-testid="stack-updates">
      <span className={services.length > 0 || stale.size > 0 ? 'stack-updates__summary stack-updates__summary--found' : 'stack-updates__summary muted'} data-testid="stack-updates-summary">
        {summary}
      </span>
      {canUpdate && (services.length > 0 || stale.size > 0) && (
        <Button size="sm" variant="primary" onClick={() => setOpen(true)} data-testid="stack-update">
          Update stack…
        </Button>
      )}
      {!ignored.value && <CheckUpdatesButton scope={{ stackId: view.id }} label="Check now" data-testid="stack-updates-check" />}
      {!view.readOnly && (
        <Button size="sm" variant="ghost" disabled={ignored.pending} onClick={() => void ignored.set(!ignored.value)} data-testid="stack-updates-ignore">
          {ignored.value ? 'Check this stack again' : 'Don’t check this stack'}
        </Button>
      )}
      {ignored.error && (
        <span className="update-line update-line--problem" role="alert">
          {ignored.error}
        </span>
      )}
      {open && (
        <StackUpdateDialog
          view={view}
          services={services}
          stale={[...stale].filter((service) => !services.some((changed) => changed.service === service)).sort()}
          onClose={() => setOpen(false)}
        />
      )}
    </div>
  );
}

/** Whether the user opted this stack out (stored in settings by main), and the toggle. */
function useStackIgnored(stackId: string) {
  const settings = useCall('settings.get');
  const ignore = useUpdatesAction('updates.ignore');
  const [changed, setChanged] = useState<boolean | undefined>(undefined);
  const value = changed ?? settings.value?.updatesIgnoredStacks.includes(stackId) ?? false;
  const set = async (next: boolean): Promise<void> => {
    const result = await ignore.run({ stackId, ignore: next });
    if (result.ok) setChanged(next);
  };
  return { value, set, pending: ignore.pending || settings.status === 'loading', error: ignore.error?.message };
}

const outcomeTone: Record<ServiceOutcome, BadgeTone> = {
  recreated: 'success',
  unchanged: 'neutral',
  'pull-failed': 'danger',
  'recreate-failed': 'danger',
  ignored: 'neutral',
};

interface StackUpdateDialogProps {
  view: StackView;
  services: ReadonlyArray<{ service: string; update: ImageUpdate }>;
  /** Services whose containers run an older image than the one already on the engine: recreated too. */
  stale: readonly string[];
  onClose: () => void;
}

/** Says what will change, updates on confirmation, then shows main's result per service and compose's output. */
function StackUpdateDialog({ view, services, stale, onClose }: StackUpdateDialogProps) {
  const apply = useAction('updates.applyStack');
  const [result, setResult] = useState<StackUpdateResult | undefined>(undefined);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const now = useNow();
  const run = async (): Promise<void> => {
    const answer = await apply.run({ id: view.id });
    if (!answer.ok) return;
    setResult(answer.value);
    // The images changed: main re-checks and says so through updates.changed; ask now so the badges follow at once.
    updatesStore().reload();
  };
  const count = services.length + stale.length;
  return (
    <Dialog
      open
      size="md"
      onClose={onClose}
      dismissible={!apply.pending}
      initialFocusRef={cancelRef}
      title={result ? `Updated “${view.name}”` : `Update “${view.name}”?`}
      data-testid="stack-update-dialog"
      footer={
        result ? (
          <Button ref={cancelRef} variant="primary" onClick={onClose} data-testid="stack-update-close">
            Close
          </Button>
        ) : (
          <>
            <Button ref={cancelRef} onClick={onClose} disabled={apply.pending}>
              Cancel
            </Button>
            <Button variant="primary" busy={apply.pending} onClick={() => void run()} data-testid="stack-update-confirm">
              {count === 1 ? 'Update 1 service' : `Update ${count} services`}
            </Button>
          </>
        )
      }
    >
      <div className="stack">
        {result ? (
          <StackUpdateOutcome result={result} />
        ) : (
          <>
            <p className="dialog-text">
              Stevedore pulls the new images with their own credentials, then recreates only the services whose image changed (
              <span className="mono stack-update__command">docker compose up -d --no-deps</span>). The other services keep running. If a pull fails, nothing running changes.
            </p>
            {count > 0 && (
              <ul className="inline-list stack-update__list" data-testid="stack-update-plan">
                {services.map(({ service, update }) => (
                  <li key={service}>
                    <span className="stack-update__service">{service}</span> <Reference value={update.image} />
                    <span className="update-line">{whatChanged(update, now)}</span>
                  </li>
                ))}
                {stale.map((service) => (
                  <li key={service}>
                    <span className="stack-update__service">{service}</span>
                    <span className="update-line">Running an older image than the one on the engine: recreated with it</span>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
        {apply.error && <ErrorCard title="Could not update the stack" code={apply.error.code} cause={apply.error.message} headingLevel={3} />}
      </div>
    </Dialog>
  );
}

function StackUpdateOutcome({ result }: { result: StackUpdateResult }) {
  return (
    <>
      <table className="stack-update__result" data-testid="stack-update-result">
        <caption className="visually-hidden">Result per service</caption>
        <thead>
          <tr>
            <th scope="col">Service</th>
            <th scope="col">Image</th>
            <th scope="col">Result</th>
          </tr>
        </thead>
        <tbody>
          {result.services.map((service) => (
            <tr key={service.service} data-testid="stack-update-service" data-service={service.service} data-outcome={service.outcome}>
              <th scope="row">{service.service}</th>
              <td>
                <Reference value={service.image} />
              </td>
              <td>
                <Badge tone={outcomeTone[service.outcome]}>{serviceOutcomeText[service.outcome]}</Badge>
                {service.message && <span className="update-line">{service.message}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {result.log.length > 0 && (
        <details className="stack-update__log">
          <summary>Output</summary>
          <LogView label="Output of the stack update" lines={result.log.map((line, index) => ({ key: index, text: line.text }))} size="sm" />
        </details>
      )}
    </>
  );
}
