import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { createPortal } from 'react-dom';
import { Button } from './Button';
import { CloseIcon } from './icons';
import { classNames } from './classNames';
import { tabbableElements } from './focusable';
import './Dialog.css';

export interface DialogProps {
  open: boolean;
  /** Called on Esc, the close button, or a click on the backdrop (when dismissible). */
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  /** Buttons, right-aligned; put the primary action last. */
  footer?: ReactNode;
  size?: 'sm' | 'md' | 'lg';
  /** What gets focus on open; defaults to the first field or button in the body. */
  initialFocusRef?: RefObject<HTMLElement | null>;
  /** False while something must finish first (a save in flight): Esc, backdrop and close do nothing. */
  dismissible?: boolean;
  /**
   * The dialog holds changes that closing would lose (a half-filled form): Esc, the close button and the backdrop
   * then ask first. Buttons in the footer (Cancel) are an explicit choice and close it as they are.
   */
  unsavedChanges?: boolean;
  className?: string;
  'data-testid'?: string;
}

/**
 * A modal dialog on the native <dialog> (top layer, inert background), with a focus trap, Esc to close, and
 * focus returned to whatever opened it. The content mounts when `open` turns true, so forms start fresh.
 */
export function Dialog(props: DialogProps) {
  return props.open ? <OpenDialog {...props} /> : null;
}

function OpenDialog({
  onClose,
  title,
  description,
  children,
  footer,
  size = 'md',
  initialFocusRef,
  dismissible = true,
  unsavedChanges = false,
  className,
  'data-testid': testId,
}: DialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [confirmingDiscard, setConfirmingDiscard] = useState(false);
  // Closing after the confirmation has gone, so each dialog hands focus back in turn (confirmation, then this one).
  const [discarded, setDiscarded] = useState(false);
  const bodyRef = useRef<HTMLDivElement>(null);
  const pointerDownOnBackdrop = useRef(false);
  const titleId = useId();
  const descriptionId = useId();

  // Kept in refs so the open/close effect runs once per opening, not on every render.
  const latest = useRef({ onClose, dismissible });
  useEffect(() => {
    latest.current = { onClose, dismissible };
  });

  useEffect(() => {
    if (discarded) latest.current.onClose();
  }, [discarded]);

  // A layout effect, so the dialog is modal from its first frame and focus returns before it leaves the DOM.
  useLayoutEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    const returnFocusTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    const firstInBody = bodyRef.current ? tabbableElements(bodyRef.current)[0] : undefined;
    (initialFocusRef?.current ?? firstInBody ?? dialog).focus();

    // Chrome may close a modal dialog itself (a second Esc without user activation skips `cancel`).
    const onNativeClose = (): void => {
      if (latest.current.dismissible) latest.current.onClose();
      else dialog.showModal();
    };
    dialog.addEventListener('close', onNativeClose);
    return () => {
      dialog.removeEventListener('close', onNativeClose);
      if (dialog.open) dialog.close();
      if (returnFocusTo?.isConnected) returnFocusTo.focus();
    };
  }, [initialFocusRef]);

  const requestClose = (): void => {
    if (!dismissible) return;
    if (unsavedChanges) setConfirmingDiscard(true);
    else onClose();
  };

  // The top layer makes the page behind inert, but Tab would still leave for the browser's own UI in preview.
  const trapTab = (event: KeyboardEvent<HTMLDialogElement>): void => {
    // Keys from a dialog opened on top of this one (it is a React child, in a portal) are that dialog's business.
    if (event.key !== 'Tab' || !dialogRef.current || !dialogRef.current.contains(event.target as Node)) return;
    const tabbable = tabbableElements(dialogRef.current);
    const first = tabbable[0];
    const last = tabbable[tabbable.length - 1];
    if (!first || !last) {
      event.preventDefault();
      return;
    }
    const active = document.activeElement;
    if (event.shiftKey && (active === first || active === dialogRef.current)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <dialog
      ref={dialogRef}
      className={classNames('dialog', `dialog--${size}`, className)}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      data-testid={testId}
      onCancel={(event) => {
        // React owns `open`: never let the browser close it behind React's back.
        event.preventDefault();
        // A confirmation on top of this dialog handles its own Esc (React passes the event up to here too).
        if (event.target === event.currentTarget) requestClose();
      }}
      onKeyDown={trapTab}
      onPointerDown={(event) => {
        pointerDownOnBackdrop.current = event.target === event.currentTarget;
      }}
      onClick={(event) => {
        // The dialog element itself is only hit on the backdrop: its content fills it edge to edge.
        if (event.target === event.currentTarget && pointerDownOnBackdrop.current) requestClose();
      }}
    >
      <div className="dialog__panel">
        <header className="dialog__header">
          <div className="dialog__titles">
            <h2 id={titleId} className="dialog__title">
              {title}
            </h2>
            {description && (
              <p id={descriptionId} className="dialog__description">
                {description}
              </p>
            )}
          </div>
          <Button
            variant="ghost"
            size="sm"
            className="dialog__close"
            aria-label="Close"
            icon={<CloseIcon />}
            disabled={!dismissible}
            onClick={requestClose}
          />
        </header>
        {children !== undefined && (
          <div ref={bodyRef} className="dialog__body">
            {children}
          </div>
        )}
        {footer !== undefined && <footer className="dialog__footer">{footer}</footer>}
      </div>
      {confirmingDiscard &&
        createPortal(
          <ConfirmDialog
            title="Discard your changes?"
            message="What you entered in this dialog has not been saved."
            confirmLabel="Discard changes"
            cancelLabel="Keep editing"
            tone="danger"
            onConfirm={() => {
              setConfirmingDiscard(false);
              setDiscarded(true);
            }}
            onCancel={() => setConfirmingDiscard(false)}
            data-testid="discard-confirm"
          />,
          document.body,
        )}
    </dialog>
  );
}

export interface ConfirmDialogProps {
  title: ReactNode;
  /** Under the title: what the question is about (the image's name). */
  description?: ReactNode;
  message: ReactNode;
  /** More below the message: an option (a checkbox), or the error of a failed attempt. */
  children?: ReactNode;
  confirmLabel: ReactNode;
  cancelLabel?: string;
  /** `danger` when confirming loses something. */
  tone?: 'primary' | 'danger';
  /** `md` when the children show details (the image's names, size and users). */
  size?: 'sm' | 'md';
  /** True while the confirmed action runs: nothing closes the dialog, Cancel is off and the confirm button is busy. */
  pending?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  'data-testid'?: string;
  /** The confirm button's test id when it is not `<data-testid>-confirm` (ids the e2e tests already know). */
  confirmTestId?: string;
}

/** The one "are you sure?" of the app: a small dialog whose safe choice has focus, so a stray Enter loses nothing. */
export function ConfirmDialog({
  title,
  description,
  message,
  children,
  confirmLabel,
  cancelLabel = 'Cancel',
  tone = 'primary',
  size = 'sm',
  pending = false,
  onConfirm,
  onCancel,
  'data-testid': testId,
  confirmTestId = testId ? `${testId}-confirm` : undefined,
}: ConfirmDialogProps) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  return (
    <Dialog
      open
      size={size}
      onClose={onCancel}
      dismissible={!pending}
      title={title}
      description={description}
      initialFocusRef={cancelRef}
      data-testid={testId}
      footer={
        <>
          <Button ref={cancelRef} onClick={onCancel} disabled={pending} data-testid={testId ? `${testId}-cancel` : undefined}>
            {cancelLabel}
          </Button>
          <Button variant={tone} busy={pending} onClick={onConfirm} data-testid={confirmTestId}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <p className="dialog-text">{message}</p>
      {children}
    </Dialog>
  );
}
