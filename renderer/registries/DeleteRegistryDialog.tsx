import { useRef } from 'react';
import type { RegistryView } from '../../preload/api';
import { useAction } from '../bridge';
import { Button, Dialog, ErrorCard } from '../components';

export interface DeleteRegistryDialogProps {
  registry: RegistryView;
  onClose: () => void;
}

/** Asks before forgetting a registry, naming it and saying what goes with it. */
export function DeleteRegistryDialog({ registry, onClose }: DeleteRegistryDialogProps) {
  const remove = useAction('registries.remove');
  // The safe choice has focus, so a stray Enter does not delete.
  const cancelRef = useRef<HTMLButtonElement>(null);
  const confirm = async (): Promise<void> => {
    const result = await remove.run({ id: registry.id });
    if (result.ok) onClose();
  };
  return (
    <Dialog
      open
      size="sm"
      onClose={onClose}
      dismissible={!remove.pending}
      initialFocusRef={cancelRef}
      title={`Delete “${registry.name}”?`}
      data-testid="registry-delete-dialog"
      footer={
        <>
          <Button ref={cancelRef} onClick={onClose} disabled={remove.pending}>
            Cancel
          </Button>
          <Button variant="danger" busy={remove.pending} onClick={() => void confirm()} data-testid="registry-delete-confirm">
            Delete registry
          </Button>
        </>
      }
    >
      <p className="dialog-text">
        Stevedore forgets <strong>{registry.name}</strong> ({registry.address}){registry.hasSecret ? ' and its stored password' : ''}. Images it
        covered will use the next credentials that apply: another registry, your Docker config, or none.
      </p>
      {remove.error && <ErrorCard title="Could not delete the registry" code={remove.error.code} cause={remove.error.message} headingLevel={3} />}
    </Dialog>
  );
}
