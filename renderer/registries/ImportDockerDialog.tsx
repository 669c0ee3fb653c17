import { useEffect, useRef, useState } from 'react';
import type { CallResponse, DockerConfigEntry } from '../../preload/api';
import { useAction, useCall } from '../bridge';
import { AlertIcon, Button, CheckIcon, Dialog, ErrorCard, InfoIcon, Spinner } from '../components';
import { Checkbox } from '../components/Checkbox';
import { hrefFor } from '../navigation/route';
import { dockerConfigOrigin } from './registryText';
import './ImportDockerDialog.css';

type ImportOutcome = CallResponse<'registries.import'>;

export interface ImportDockerDialogProps {
  onClose: () => void;
}

/** Copies chosen registries from the user's Docker config into Stevedore's encrypted store. */
export function ImportDockerDialog({ onClose }: ImportDockerDialogProps) {
  const config = useCall('registries.dockerConfig');
  const importHosts = useAction('registries.import');
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [outcome, setOutcome] = useState<ImportOutcome | undefined>(undefined);
  const doneRef = useRef<HTMLButtonElement>(null);

  // The Import button that had focus is gone once the result shows; Done takes its place.
  useEffect(() => {
    if (outcome) doneRef.current?.focus();
  }, [outcome]);

  const toggle = (host: string, on: boolean): void => {
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(host);
      else next.delete(host);
      return next;
    });
  };

  const runImport = async (): Promise<void> => {
    const result = await importHosts.run({ hosts: [...selected] });
    if (result.ok) setOutcome(result.value);
  };

  const footer = outcome ? (
    <Button ref={doneRef} variant="primary" onClick={onClose} data-testid="import-done">
      Done
    </Button>
  ) : (
    <>
      <Button onClick={onClose} disabled={importHosts.pending}>
        Cancel
      </Button>
      <Button
        variant="primary"
        busy={importHosts.pending}
        disabled={selected.size === 0}
        onClick={() => void runImport()}
        data-testid="import-confirm"
      >
        {selected.size > 1 ? `Import ${selected.size} registries` : 'Import'}
      </Button>
    </>
  );

  return (
    <Dialog
      open
      size="md"
      onClose={onClose}
      dismissible={!importHosts.pending}
      title="Import from Docker"
      description="Copy the registries you signed in to with docker login. Their passwords are read once (through the credential helper if Docker uses one) and stored encrypted."
      footer={footer}
      data-testid="import-dialog"
    >
      {config.status === 'error' ? (
        <ErrorCard
          title="Could not read the Docker config"
          code={config.error.code}
          cause={config.error.message}
          headingLevel={3}
          actions={<Button onClick={config.reload}>Try again</Button>}
        />
      ) : !config.value ? (
        <Spinner label="Reading the Docker config" />
      ) : outcome ? (
        <ImportResult outcome={outcome} />
      ) : (
        <>
          <p className="import__file">
            From <code data-testid="import-config-file">{config.value.file}</code>
          </p>
          {!config.value.exists && (
            <p className="import__callout" role="note" data-testid="import-missing">
              <InfoIcon size={16} />
              <span>
                There is no Docker config file there. If yours is somewhere else, set it in{' '}
                <a href={hrefFor('settings')} onClick={onClose}>
                  Settings → Docker credentials
                </a>
                .
              </span>
            </p>
          )}
          {config.value.problems.length > 0 && (
            <ul className="import__problems" aria-label="Problems reading the Docker config">
              {config.value.problems.map((problem) => (
                <li key={problem}>
                  <AlertIcon size={14} />
                  <span>{problem}</span>
                </li>
              ))}
            </ul>
          )}
          {config.value.exists && config.value.entries.length === 0 && (
            <p className="muted import__empty">The Docker config names no registries with credentials.</p>
          )}
          {config.value.entries.length > 0 && (
            <fieldset className="import__entries">
              <legend className="import__legend">Registries in the Docker config</legend>
              {config.value.entries.map((entry) => (
                <ImportEntry key={entry.host} entry={entry} checked={selected.has(entry.host)} onToggle={toggle} disabled={importHosts.pending} />
              ))}
            </fieldset>
          )}
          {importHosts.error && (
            <ErrorCard title="Could not import" code={importHosts.error.code} cause={importHosts.error.message} headingLevel={3} />
          )}
        </>
      )}
    </Dialog>
  );
}

function ImportEntry({
  entry,
  checked,
  disabled,
  onToggle,
}: {
  entry: DockerConfigEntry;
  checked: boolean;
  disabled: boolean;
  onToggle: (host: string, on: boolean) => void;
}) {
  const already = entry.existingRegistry !== undefined;
  const details = [dockerConfigOrigin(entry), entry.username ? `user ${entry.username}` : undefined].filter(Boolean).join(' · ');
  return (
    <div className="import__entry" data-testid="import-entry" data-host={entry.host}>
      <Checkbox
        label={<span className="mono">{entry.host}</span>}
        checked={checked}
        disabled={disabled || already}
        onChange={(event) => onToggle(entry.host, event.target.checked)}
        help={
          <>
            {details}
            {already && (
              <>
                <br />
                <span className="import__already">Already in Stevedore as “{entry.existingRegistry}”</span>
              </>
            )}
          </>
        }
      />
    </div>
  );
}

/** One part of the import's answer: each host with what became of it; nothing when the part is empty. */
function ResultSection({ kind, lines }: { kind: 'imported' | 'skipped'; lines: { key: string; host: string; detail: string }[] }) {
  if (lines.length === 0) return null;
  return (
    <section>
      <h3 className="import__result-title">{kind === 'imported' ? 'Imported' : 'Skipped'}</h3>
      <ul className="column-list import__result-list">
        {lines.map((line) => (
          <li key={line.key} className={`import__${kind}`} data-testid={`import-${kind}`}>
            {kind === 'imported' ? <CheckIcon size={14} /> : <AlertIcon size={14} />}
            <span>
              <code>{line.host}</code>
              {line.detail}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function ImportResult({ outcome }: { outcome: ImportOutcome }) {
  return (
    <div className="import__result" role="status" data-testid="import-result">
      <ResultSection
        kind="imported"
        lines={outcome.imported.map((registry) => ({
          key: registry.id,
          host: registry.address,
          detail: ` as “${registry.name}”${registry.username ? ` (user ${registry.username})` : ''}`,
        }))}
      />
      <ResultSection kind="skipped" lines={outcome.skipped.map((skip) => ({ key: skip.host, host: skip.host, detail: `: ${skip.reason}` }))} />
      {outcome.imported.length > 0 && (
        <p className="muted import__next">Imported registries cover their whole host. Edit one to add Image Patterns or test its credentials.</p>
      )}
    </div>
  );
}
