import { useId, useState, type FormEvent } from 'react';
import type { StackDetail } from '../../preload/api';
import { useAction } from '../bridge';
import { Button, Dialog, ErrorCard, TextField } from '../components';
import { CodeEditor } from '../components/CodeEditor';

export interface NewStackDialogProps {
  onClose: () => void;
  onCreated: (detail: StackDetail) => void;
}

const STARTER = `# Each service runs one image. Stevedore pulls every image with its own
# credentials before Docker Compose starts anything.
services:
  web:
    image: nginx:alpine
    ports:
      - "8080:80"
`;

/** Main refuses these because of the name: they belong next to the name field. */
const NAME_CODES = new Set(['STACK_EXISTS', 'STACK_NAME_INVALID']);

/** A stack written in the app: its name (also its compose project name) and a first compose file. */
export function NewStackDialog({ onClose, onCreated }: NewStackDialogProps) {
  const formId = useId();
  const [name, setName] = useState('');
  const [yaml, setYaml] = useState(STARTER);
  const create = useAction('stacks.create');
  const nameError = create.error && NAME_CODES.has(create.error.code) ? create.error.message : undefined;
  const otherError = create.error && !nameError ? create.error : undefined;

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const result = await create.run({ name: name.trim(), yaml });
    if (result.ok) onCreated(result.value);
  };

  return (
    <Dialog
      open
      size="lg"
      onClose={onClose}
      dismissible={!create.pending}
      title="New stack"
      description="Written here and kept in Stevedore's data folder as compose.yaml, with an optional .env."
      data-testid="stack-new-dialog"
      footer={
        <>
          <Button onClick={onClose} disabled={create.pending}>
            Cancel
          </Button>
          <Button variant="primary" type="submit" form={formId} busy={create.pending} data-testid="stack-new-create">
            Create stack
          </Button>
        </>
      }
    >
      <form id={formId} className="stack" onSubmit={(event) => void submit(event)}>
        <TextField
          label="Name"
          help="Also the compose project name: lowercase letters, digits, “_” and “-”."
          value={name}
          onChange={(event) => {
            setName(event.target.value);
            if (create.error) create.reset();
          }}
          error={nameError}
          monospace
          required
          autoComplete="off"
          data-testid="stack-new-name"
        />
        <CodeEditor label="compose.yaml" value={yaml} onValueChange={setYaml} rows={9} help="A starting point; you can change it after creating the stack." />
        {otherError && <ErrorCard title="Could not create the stack" code={otherError.code} cause={otherError.message} headingLevel={3} />}
      </form>
    </Dialog>
  );
}
