import { useState, type FormEvent } from 'react';
import type { EngineChoices, SettingsChange } from '../../preload/api';
import { useAction, useCall, useEngineStatus, type ActionResult } from '../bridge';
import { AlertIcon, Badge, Button, Card, ErrorCard, RefreshIcon, Spinner, TextField, type BadgeTone } from '../components';
import { EngineDetails } from '../engine/EngineDetails';
import { AddEngineForm } from '../engines/AddEngineForm';
import { EngineProbeLine } from '../engines/EngineProbeLine';
import './EngineCard.css';

/**
 * Settings → Docker engine: the status, and which engine to use. The window only picks among the engines main
 * offers, or proposes an address; main checks it and asks the user to confirm in its own dialog, so nothing here
 * decides where main connects.
 */
export function EngineCard() {
  const engine = useEngineStatus();
  const { status } = engine;
  const badge: { tone: BadgeTone; text: string } =
    status?.state === 'connected'
      ? { tone: 'success', text: 'Connected' }
      : status?.state === 'disconnected' || engine.error
        ? { tone: 'danger', text: 'Disconnected' }
        : { tone: 'warning', text: 'Connecting' };
  return (
    <Card
      title="Docker engine"
      description="Found the way the docker CLI finds it unless you choose another: DOCKER_HOST, then the current Docker context, then the platform default."
      actions={
        <Button size="sm" icon={<RefreshIcon size={14} />} busy={engine.reconnecting} onClick={engine.reconnect}>
          Reconnect
        </Button>
      }
      data-testid="settings-engine"
    >
      <div className="settings__status-line">
        <Badge tone={badge.tone}>{badge.text}</Badge>
        {status && status.state !== 'connected' && <span className="muted">{status.reason}</span>}
      </div>
      {status ? (
        <EngineDetails status={status} testIdPrefix="settings-engine" />
      ) : engine.error ? (
        <ErrorCard title="Could not ask for the engine status" code={engine.error.code} cause={engine.error.message} headingLevel={3} />
      ) : (
        <Spinner label="Loading engine status" />
      )}
      <div className="settings__section">
        <EngineChoiceSection />
      </div>
    </Card>
  );
}

/** What happened after main's dialog: said next to the button that asked. */
function outcomeText(result: ActionResult<SettingsChange>): { saved?: string; problem?: string } {
  if (!result.ok) return { problem: result.error.message };
  return result.value.changed ? { saved: 'Saved. Reconnecting to the engine…' } : { saved: 'Nothing changed.' };
}

function EngineChoiceSection() {
  const choices = useCall('engine.choices');
  if (choices.value) return <EngineChoiceForms offered={choices.value} reload={choices.reload} />;
  if (choices.status === 'error') {
    return (
      <ErrorCard
        title="Could not list the engines"
        code={choices.error.code}
        cause={choices.error.message}
        headingLevel={3}
        announce={false}
        actions={<Button onClick={choices.reload}>Try again</Button>}
      />
    );
  }
  return <Spinner label="Looking for engines" />;
}

export function EngineChoiceForms({ offered, reload }: { offered: EngineChoices; reload: () => void }) {
  const probes = useCall('engine.probe');
  const choose = useAction('engine.choose');
  const chooseCustom = useAction('engine.chooseCustom');
  const [picked, setPicked] = useState(offered.selected);
  // When the engine in use changes under the form (an engine just added, a switch from the tray or a stack page),
  // the pick follows it: React's "adjust state when a prop changes", without an effect's extra render.
  const [pickedFor, setPickedFor] = useState(offered.selected);
  if (pickedFor !== offered.selected) {
    setPickedFor(offered.selected);
    setPicked(offered.selected);
  }
  const [pickOutcome, setPickOutcome] = useState<{ saved?: string; problem?: string }>({});
  const [address, setAddress] = useState('');
  const [customOutcome, setCustomOutcome] = useState<{ saved?: string; problem?: string }>({});
  const busy = choose.pending || chooseCustom.pending;

  const submitPicked = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (busy || picked === offered.selected || picked === 'custom') return;
    const result = await choose.run({ id: picked });
    setPickOutcome(outcomeText(result));
    if (result.ok && result.value.changed) reload();
  };

  const proposeAddress = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (busy) return;
    const result = await chooseCustom.run({ address });
    setCustomOutcome(outcomeText(result));
    if (result.ok && result.value.changed) {
      setAddress('');
      reload();
    }
  };

  return (
    <div className="engine-choice" data-testid="settings-engine-choice">
      {offered.unavailable && (
        <p className="settings__warning" role="note" data-testid="settings-engine-unavailable">
          <AlertIcon size={16} />
          <span>{offered.unavailable}</span>
        </p>
      )}
      <form onSubmit={(event) => void submitPicked(event)} noValidate>
        <fieldset className="engine-choice__list">
          <legend className="engine-choice__legend">Engine to use</legend>
          {offered.choices.map((choice) => {
            const disabled = offered.unavailable !== undefined && choice.id !== 'automatic';
            return (
              <label key={choice.id} className="engine-choice__option" data-disabled={disabled || undefined}>
                <input
                  type="radio"
                  name="engine-choice"
                  value={choice.id}
                  checked={picked === choice.id}
                  disabled={disabled}
                  onChange={() => {
                    setPicked(choice.id);
                    setPickOutcome({});
                  }}
                  data-testid={`settings-engine-choice-${choice.id}`}
                />
                <span className="engine-choice__text">
                  <span className="engine-choice__label">
                    {choice.label}
                    {choice.id === offered.selected && <Badge tone="accent">In use</Badge>}
                  </span>
                  {choice.url && <code className="engine-choice__url">{choice.url}</code>}
                  <span className="engine-choice__detail">{choice.detail}</span>
                  <EngineProbeLine probe={probes.value?.find((probe) => probe.id === choice.id)} />
                </span>
              </label>
            );
          })}
          {offered.selected === 'custom' && offered.custom && (
            <label className="engine-choice__option">
              <input type="radio" name="engine-choice" value="custom" checked={picked === 'custom'} onChange={() => setPicked('custom')} data-testid="settings-engine-choice-custom" />
              <span className="engine-choice__text">
                <span className="engine-choice__label">
                  Other address <Badge tone="accent">In use</Badge>
                </span>
                <code className="engine-choice__url">{offered.custom}</code>
                <span className="engine-choice__detail">Chosen with “Other address…” and confirmed in Stevedore’s dialog.</span>
              </span>
            </label>
          )}
        </fieldset>
        <div className="settings__field-actions">
          <Button type="submit" size="sm" busy={choose.pending} disabled={picked === offered.selected || picked === 'custom' || chooseCustom.pending} data-testid="settings-engine-use">
            Use this engine
          </Button>
          <span className="settings__saved" role="status">
            {pickOutcome.saved}
          </span>
        </div>
        {pickOutcome.problem && (
          <p className="engine-choice__problem" role="alert" data-testid="settings-engine-choice-problem">
            {pickOutcome.problem}
          </p>
        )}
      </form>

      <form className="settings__field engine-choice__custom" onSubmit={(event) => void proposeAddress(event)} noValidate>
        <TextField
          label="Other address…"
          help="Stevedore checks the address, then asks you to confirm it in its own dialog before connecting. Forms: unix:///path/docker.sock, npipe:////./pipe/docker_engine, tcp://host:2376 (TLS from DOCKER_TLS_VERIFY and DOCKER_CERT_PATH), ssh://user@host."
          error={customOutcome.problem}
          value={address}
          placeholder="e.g. ssh://me@build-box or tcp://10.0.0.5:2376"
          monospace
          autoComplete="off"
          spellCheck={false}
          className="settings__input"
          disabled={offered.unavailable !== undefined}
          onChange={(event) => {
            setAddress(event.target.value);
            setCustomOutcome({});
          }}
          data-testid="settings-engine-address"
        />
        <div className="settings__field-actions">
          <Button type="submit" size="sm" busy={chooseCustom.pending} disabled={address.trim() === '' || choose.pending || offered.unavailable !== undefined} data-testid="settings-engine-address-connect">
            Check and connect…
          </Button>
          <span className="settings__saved" role="status">
            {customOutcome.saved}
          </span>
        </div>
      </form>

      <AddEngineForm
        disabled={offered.unavailable !== undefined}
        onAdded={() => {
          reload();
          probes.reload();
        }}
      />
    </div>
  );
}
