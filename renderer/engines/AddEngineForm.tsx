import { useState, type FormEvent } from 'react';
import { useAction } from '../bridge';
import { Button, TextField } from '../components';

/**
 * "Add an engine": the window proposes only a name and an address. Main checks them, asks for the TLS folder with
 * its own dialog (for tcp://), confirms in its own dialog, writes a docker context and connects (engine.add).
 */
export function AddEngineForm({ disabled, onAdded }: { disabled: boolean; onAdded: () => void }) {
  const add = useAction('engine.add');
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [outcome, setOutcome] = useState<{ saved?: string; problem?: string }>({});

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (add.pending) return;
    const result = await add.run({ name, address });
    if (!result.ok) return setOutcome({ problem: result.error.message });
    setOutcome({ saved: result.value.changed ? `Added "${name}" as a docker context. Connecting…` : 'Nothing changed.' });
    if (result.value.changed) {
      setName('');
      setAddress('');
      onAdded();
    }
  };

  return (
    <form className="settings__field engine-choice__custom" onSubmit={(event) => void submit(event)} noValidate data-testid="engine-add">
      <TextField
        label="Add an engine: name"
        help="Saved as a docker context under this name, so the docker CLI sees it too (docker --context NAME)."
        value={name}
        placeholder="e.g. staging-box"
        autoComplete="off"
        spellCheck={false}
        className="settings__input"
        disabled={disabled}
        onChange={(event) => {
          setName(event.target.value);
          setOutcome({});
        }}
        data-testid="engine-add-name"
      />
      <TextField
        label="Address"
        help="ssh://user@host (your SSH agent's key; an unknown host key is shown to accept) or tcp://host:2376 (Stevedore then asks for the folder with ca.pem, cert.pem and key.pem)."
        error={outcome.problem}
        value={address}
        placeholder="e.g. ssh://deploy@staging or tcp://10.0.0.5:2376"
        monospace
        autoComplete="off"
        spellCheck={false}
        className="settings__input"
        disabled={disabled}
        onChange={(event) => {
          setAddress(event.target.value);
          setOutcome({});
        }}
        data-testid="engine-add-address"
      />
      <div className="settings__field-actions">
        <Button type="submit" size="sm" busy={add.pending} disabled={disabled || name.trim() === '' || address.trim() === ''} data-testid="engine-add-submit">
          Add engine…
        </Button>
        <span className="settings__saved" role="status">
          {outcome.saved}
        </span>
      </div>
    </form>
  );
}
