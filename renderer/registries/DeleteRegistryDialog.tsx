import type { RegistryView } from '../../preload/api';
import { useAction } from '../bridge';
import { ConfirmDialog, ErrorCard } from '../components';

export interface DeleteRegistryDialogProps {
  registry: RegistryView;
  onClose: () => void;
  /** Called once main has deleted it, before `onClose`. */
  onDeleted?: () => void;
}

/** Asks before forgetting a registry, naming it and saying what goes with it. */
export function DeleteRegistryDialog({ registry, onClose, onDeleted }: DeleteRegistryDialogProps) {
  const remove = useAction('registries.remove');
  const confirm = async (): Promise<void> => {
    const result = await remove.run({ id: registry.id });
    if (result.ok) {
      onDeleted?.();
      onClose();
    }
  };
  return (
    <ConfirmDialog
      title={`Delete “${registry.name}”?`}
      message={
        <>
          Stevedore forgets <strong>{registry.name}</strong> ({registry.address}){registry.hasSecret ? ' and its stored password' : ''}. Images it
          covered will use the next credentials that apply: another registry, your Docker config, or none.
        </>
      }
      confirmLabel="Delete registry"
      tone="danger"
      pending={remove.pending}
      onConfirm={() => void confirm()}
      onCancel={onClose}
      data-testid="registry-delete-dialog"
      confirmTestId="registry-delete-confirm"
    >
      {remove.error && <ErrorCard title="Could not delete the registry" code={remove.error.code} cause={remove.error.message} headingLevel={3} />}
    </ConfirmDialog>
  );
}
