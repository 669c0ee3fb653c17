import { useState } from 'react';
import type { ImageView } from '../../preload/api';
import { useAction } from '../bridge';
import { Badge, ConfirmDialog, PropertyList } from '../components';
import { formatBytes } from '../format';
import { shortId } from '../pull/format';
import { imageName } from './imageOrder';

export interface RemoveImageDialogProps {
  /** The image to remove; the dialog is closed while undefined. */
  image: ImageView | undefined;
  onClose: () => void;
  onRemoved: (image: ImageView, removed: readonly string[]) => void;
}

/**
 * Asks before removing. When main refuses because a container (or another name, or a child image) still needs
 * the image, it shows main's words and offers "Remove anyway", which forces it.
 */
export function RemoveImageDialog({ image, onClose, onRemoved }: RemoveImageDialogProps) {
  // Keyed by image, so a second removal starts without the first one's refusal.
  return image ? <OpenRemoveImageDialog key={image.id} image={image} onClose={onClose} onRemoved={onRemoved} /> : null;
}

function OpenRemoveImageDialog({ image, onClose, onRemoved }: { image: ImageView } & Omit<RemoveImageDialogProps, 'image'>) {
  const remove = useAction('images.remove');
  const [forced, setForced] = useState(false);

  const run = async (force: boolean): Promise<void> => {
    setForced(force);
    const result = await remove.run(force ? { id: image.id, force: true } : { id: image.id });
    if (result.ok) onRemoved(image, result.value.removed);
  };

  // Forcing is offered once: if a forced removal is refused too (a running container), forcing again cannot help.
  const offerForce = remove.error?.code === 'IMAGE_IN_USE' && !forced;
  const inUse = image.containers !== undefined && image.containers > 0;
  return (
    <ConfirmDialog
      title="Remove image?"
      description={<span className="mono">{imageName(image)}</span>}
      message={<span className="muted">It is deleted from the engine; pulling it again brings it back.</span>}
      confirmLabel={offerForce ? 'Remove anyway' : 'Remove'}
      tone="danger"
      size="md"
      pending={remove.pending}
      onConfirm={() => void run(offerForce || forced)}
      onCancel={onClose}
      data-testid="image-remove-dialog"
      confirmTestId={offerForce ? 'image-remove-force' : 'image-remove-confirm'}
    >
      <PropertyList
        items={[
          { label: image.tags.length > 1 ? 'Names' : 'Name', value: image.tags.length > 0 ? image.tags.join(', ') : 'none (untagged)', mono: true },
          { label: 'Image ID', value: shortId(image.id), mono: true },
          { label: 'Size', value: formatBytes(image.sizeBytes) },
          inUse && {
            label: 'Containers',
            value: (
              <Badge tone="warning">
                Used by {image.containers} {image.containers === 1 ? 'container' : 'containers'}
              </Badge>
            ),
          },
        ]}
      />
      {remove.error && (
        <div className="remove-image__refusal" role="alert" data-testid="image-remove-error" data-code={remove.error.code}>
          <p className="remove-image__refusal-title">{offerForce ? 'The engine refused: the image is still needed' : 'The image was not removed'}</p>
          <p>{remove.error.message}</p>
        </div>
      )}
    </ConfirmDialog>
  );
}
