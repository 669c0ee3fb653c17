import { useId, useState } from 'react';
import type { RegistryCheck, RegistryView } from '../../preload/api';
import { useAction, type CallFailedError } from '../bridge';
import { AlertIcon, Badge, Button, CheckIcon, Spinner } from '../components';
import { formatDateTime } from '../format';
import { credentialStatus } from './registryText';
import './PatternChip.css';
import './RegistryRow.css';

export interface RegistryRowProps {
  registry: RegistryView;
  onEdit: (registry: RegistryView) => void;
  onDelete: (registry: RegistryView) => void;
}

/** One stored registry: what it covers, whose credentials it holds, whether they last worked, and its actions. */
export function RegistryRow({ registry, onEdit, onDelete }: RegistryRowProps) {
  const nameId = useId();
  const test = useAction('registries.test');
  // The answer to this row's Test, shown at once; the list's own `lastVerified` follows with registries.changed.
  // Kept with the registry it answered for, so a later version of the registry (credentials changed) drops it.
  const [tested, setTested] = useState<{ check: RegistryCheck; of: RegistryView } | undefined>(undefined);

  const runTest = (): void => {
    void test.run({ id: registry.id }).then((result) => {
      if (result.ok) setTested({ check: result.value, of: registry });
    });
  };

  return (
    <li className="registry-row" data-testid="registry-row" data-registry-name={registry.name} data-registry-id={registry.id} aria-labelledby={nameId}>
      <div className="registry-row__identity">
        <div className="row">
          <h3 id={nameId} className="registry-row__name">
            {registry.name}
          </h3>
          {registry.isDefault && (
            <Badge tone="accent" data-testid="registry-default">
              Default for {registry.address}
            </Badge>
          )}
        </div>
        <p className="registry-row__address mono">{registry.address}</p>
      </div>
      <div className="registry-row__actions">
        <Button size="sm" busy={test.pending} onClick={runTest} data-testid="registry-test" aria-label={`Test the credentials of ${registry.name}`}>
          Test
        </Button>
        <Button size="sm" onClick={() => onEdit(registry)} data-testid="registry-edit" aria-label={`Edit ${registry.name}`}>
          Edit
        </Button>
        <Button size="sm" variant="ghost" onClick={() => onDelete(registry)} data-testid="registry-delete" aria-label={`Delete ${registry.name}`}>
          Delete
        </Button>
      </div>
      <dl className="registry-row__facts">
        <div className="registry-row__fact">
          <dt>Patterns</dt>
          <dd>
            {registry.patterns.length > 0 ? (
              <ul className="inline-list" aria-label="Image Patterns">
                {registry.patterns.map((pattern) => (
                  <li key={pattern} className="pattern-chip">
                    {pattern}
                  </li>
                ))}
              </ul>
            ) : (
              <span className="muted">Whole host</span>
            )}
          </dd>
        </div>
        <div className="registry-row__fact">
          <dt>Credentials</dt>
          <dd data-testid="registry-credentials">{credentialStatus(registry)}</dd>
        </div>
        <div className="registry-row__fact">
          <dt>Last check</dt>
          {/* A stable live region: the line under it changes when the user presses Test. */}
          <dd aria-live="polite">
            <CheckResult check={latestCheck(registry, tested)} checking={test.pending} failure={test.error} />
          </dd>
        </div>
      </dl>
    </li>
  );
}

type CheckOutcome = Pick<RegistryCheck, 'ok' | 'message' | 'at'>;

/**
 * The newer of the stored result and this row's own Test answer. When main forgets `lastVerified` (the
 * credentials changed) the stored one is gone and an older Test answer must not stand in for it.
 */
function latestCheck(registry: RegistryView, tested: { check: RegistryCheck; of: RegistryView } | undefined): CheckOutcome | undefined {
  const stored = registry.lastVerified;
  if (!tested) return stored;
  // Nothing stored: a registry never checked before still shows its Test's answer until the list catches up.
  if (!stored) return tested.of === registry ? tested.check : undefined;
  return Date.parse(tested.check.at) > Date.parse(stored.at) ? tested.check : stored;
}

interface CheckResultProps {
  check: CheckOutcome | undefined;
  checking: boolean;
  /** The Test call itself failed (main did not answer, or the registry is gone). */
  failure: CallFailedError | undefined;
}

function CheckResult({ check, checking, failure }: CheckResultProps) {
  if (checking) {
    return (
      <span className="check-result check-result--checking" data-testid="registry-check-result">
        <Spinner size="sm" />
        Checking…
      </span>
    );
  }
  if (failure) {
    return (
      <span className="check-result check-result--failed" data-testid="registry-check-result" data-ok="false">
        <AlertIcon size={14} />
        <span>Could not test: {failure.message}</span>
      </span>
    );
  }
  if (!check) {
    return (
      <span className="check-result muted" data-testid="registry-check-result">
        Not checked
      </span>
    );
  }
  const when = <time dateTime={check.at}>{formatDateTime(check.at)}</time>;
  return check.ok ? (
    <span className="check-result check-result--ok" data-testid="registry-check-result" data-ok="true" title={check.message}>
      <CheckIcon size={14} />
      <span>Verified {when}</span>
    </span>
  ) : (
    <span className="check-result check-result--failed" data-testid="registry-check-result" data-ok="false">
      <AlertIcon size={14} />
      <span>
        Failed: {check.message} <span className="muted">({when})</span>
      </span>
    </span>
  );
}
