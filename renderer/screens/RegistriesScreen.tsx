import { useId, useRef, useState, type RefObject } from 'react';
import type { RegistryView } from '../../preload/api';
import { liveValueStore, useLiveValue, type LiveValue } from '../bridge';
import { Button, EmptyState, ErrorCard, RegistriesIcon, ScreenLayout, Spinner } from '../components';
import { useFocusHandOver } from '../components/useFocusHandOver';
import { DeleteRegistryDialog } from '../registries/DeleteRegistryDialog';
import type { ScreenProps } from '../navigation/screenProps';
import { ExplainPanel } from '../registries/ExplainPanel';
import { ImportDockerDialog } from '../registries/ImportDockerDialog';
import { RegistryFormDialog, type RegistryFormTarget } from '../registries/RegistryFormDialog';
import { RegistryRow } from '../registries/RegistryRow';
import './RegistriesScreen.css';

/** Which dialog is open; one at a time. */
type OpenDialog =
  | { kind: 'form'; target: RegistryFormTarget }
  | { kind: 'delete'; registry: RegistryView }
  | { kind: 'import' }
  | undefined;

export function RegistriesScreen({ path }: ScreenProps) {
  // `#/registries/explain/<image>` (the Pull screen's "Why?") opens the explanation for that image.
  const explainImage = path[0] === 'explain' ? path[1] : undefined;
  const registries = useLiveValue('registries.list', 'registries.changed');
  // Followed: the form's advice about where a password goes changes when the keyring answers.
  const info = useLiveValue('app.info', 'app.info');
  // `#/registries/add/<address>` (the Pull screen's rate-limit card) opens the add form with the address filled in.
  const addAddress = path[0] === 'add' ? path[1] : undefined;
  const [dialog, setDialog] = useState<OpenDialog>(addAddress === undefined ? undefined : { kind: 'form', target: { mode: 'add', address: addAddress } });
  // What was saved or deleted last. Main stores addresses in one form (`https://host/v2/` → `host`): a save says so
  // rather than change it silently.
  const [statusNote, setStatusNote] = useState<string | undefined>(undefined);
  const close = (): void => setDialog(undefined);
  const listRef = useRef<HTMLElement>(null);
  // The row whose Delete opened the dialog is gone when the dialog closes, and the focus it would hand back with it:
  // it goes to the next registry's Delete (the same place in the list), the previous one's after the last, or the
  // list's heading when none is left (as the Images table keeps it on the next row after a removal).
  const handOver = useFocusHandOver(dialog !== undefined);
  const noteDeleted = (deleted: RegistryView): void => {
    const list = registries.value ?? [];
    const index = list.findIndex((registry) => registry.id === deleted.id);
    const nextId = (list[index + 1] ?? list[index - 1])?.id;
    const deleteButtonOf = (id: string) => listRef.current?.querySelector<HTMLElement>(`[data-registry-id="${CSS.escape(id)}"] [data-testid="registry-delete"]`) ?? null;
    const deletedButton = deleteButtonOf(deleted.id);
    handOver(
      () => deletedButton,
      () => (nextId === undefined ? null : deleteButtonOf(nextId)) ?? listRef.current?.querySelector<HTMLElement>('h2') ?? null,
    );
    // The status line said what was saved last; after a delete that would name a registry that may be gone.
    setStatusNote(`Deleted “${deleted.name}”.`);
  };
  const openAdd = (): void => setDialog({ kind: 'form', target: { mode: 'add' } });
  const openImport = (): void => setDialog({ kind: 'import' });

  return (
    <ScreenLayout
      id="registries"
      title="Registries"
      description="The private registries Stevedore can sign in to, and which images each one's credentials are for."
      actions={
        <>
          <Button onClick={openImport} data-testid="import-docker">
            Import from Docker
          </Button>
          <Button variant="primary" onClick={openAdd} data-testid="registry-add">
            Add registry
          </Button>
        </>
      }
    >
      <div className="registries">
        <p className={statusNote ? 'registries__saved' : 'visually-hidden'} role="status" data-testid="registry-saved-note">
          {statusNote}
        </p>
        {/* The explanation comes first in the page (and in one column, on top); wide windows show it on the right. */}
        <div className="registries__layout">
          <div className="registries__explain">
            <ExplainPanel key={explainImage ?? ''} initialImage={explainImage} />
          </div>
          <RegistryListSection
            ref={listRef}
            registries={registries}
            onEdit={(registry) => setDialog({ kind: 'form', target: { mode: 'edit', registry } })}
            onDelete={(registry) => setDialog({ kind: 'delete', registry })}
          />
        </div>
      </div>

      {dialog?.kind === 'form' && (
        <RegistryFormDialog
          target={dialog.target}
          secretStorage={info.value?.secretStorage.kind}
          onClose={close}
          onSaved={(registry, typedAddress) =>
            setStatusNote(
              typedAddress.trim() === registry.address
                ? `Saved “${registry.name}”.`
                : `Saved “${registry.name}” as ${registry.address} (you entered ${typedAddress.trim()}).`,
            )
          }
        />
      )}
      {dialog?.kind === 'delete' && <DeleteRegistryDialog registry={dialog.registry} onClose={close} onDeleted={() => noteDeleted(dialog.registry)} />}
      {dialog?.kind === 'import' && <ImportDockerDialog onClose={close} />}
    </ScreenLayout>
  );
}

interface RegistryListSectionProps {
  ref: RefObject<HTMLElement | null>;
  registries: LiveValue<RegistryView[]>;
  onEdit: (registry: RegistryView) => void;
  onDelete: (registry: RegistryView) => void;
}

function RegistryListSection({ ref, registries, onEdit, onDelete }: RegistryListSectionProps) {
  const headingId = useId();
  const list = registries.value;
  return (
    <section ref={ref} className="registries__list" aria-labelledby={headingId}>
      {/* Focusable from code only: where the focus goes when the last registry is deleted. */}
      <h2 id={headingId} className="heading-row" tabIndex={-1}>
        Stored registries
        {list && list.length > 0 && <span className="count-badge muted tabular">{list.length}</span>}
      </h2>
      {registries.status === 'error' ? (
        <ErrorCard
          title="Could not load the registries"
          code={registries.error.code}
          cause={registries.error.message}
          headingLevel={3}
          actions={<Button onClick={() => liveValueStore('registries.list', 'registries.changed').reload()}>Try again</Button>}
        />
      ) : !list ? (
        <Spinner label="Loading registries" />
      ) : list.length === 0 ? (
        <EmptyState
          icon={<RegistriesIcon size={24} />}
          title="No registries yet"
          headingLevel={3}
          data-testid="registries-empty"
        >
          <p>
            A registry is a host such as <code>ghcr.io</code> with the username and password or token Stevedore signs in with. Its Image Patterns (
            <code>team/*</code>) decide which images use those credentials.
          </p>
          <p>Until you add one, pulls use your Docker config's credentials, or none.</p>
          {/* The header's buttons are the only ones: repeated here, Tab reached each twice. */}
          <p>
            Use <strong>Add registry</strong> or <strong>Import from Docker</strong> above.
          </p>
        </EmptyState>
      ) : (
        <ul className="column-list registry-list" data-testid="registry-list">
          {list.map((registry) => (
            <RegistryRow key={registry.id} registry={registry} onEdit={onEdit} onDelete={onDelete} />
          ))}
        </ul>
      )}
    </section>
  );
}
