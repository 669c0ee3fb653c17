import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ImageView } from '../../preload/api';
import { StevedoreError } from '../../main/core/errors';
import { RemoveImageDialog } from '../../renderer/images/RemoveImageDialog';
import { startWorld } from './harness';

const image: ImageView = {
  id: 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
  tags: ['registry.example.com/team/app:1.2'],
  digests: [],
  sizeBytes: 12_500_000,
  createdAt: '2026-11-01T10:00:00Z',
  registry: 'registry.example.com',
  containers: 1,
};

describe('remove image dialog', () => {
  it('names the image, has the safe choice focused, and Cancel or Esc remove nothing', async () => {
    const world = startWorld();
    const user = userEvent.setup();
    const onClose = vi.fn();
    render(<RemoveImageDialog image={image} onClose={onClose} onRemoved={() => undefined} />);
    const dialog = screen.getByTestId('image-remove-dialog');
    expect(dialog.textContent).toContain('registry.example.com/team/app:1.2');
    expect(dialog.textContent).toContain('Used by 1 container');
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Cancel'));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    fireEvent(dialog, new Event('cancel', { cancelable: true }));
    expect(onClose).toHaveBeenCalledTimes(2);
    expect(world.calls).not.toContain('images.remove');
  });

  it('Remove asks main; a refusal shows main’s words and no forcing when forcing cannot help', async () => {
    const world = startWorld();
    const user = userEvent.setup();
    const onRemoved = vi.fn();
    render(<RemoveImageDialog image={image} onClose={() => undefined} onRemoved={onRemoved} />);
    await user.click(screen.getByTestId('image-remove-confirm'));
    // The world's engine is not there: main answers that it cannot reach it.
    const refusal = await screen.findByTestId('image-remove-error');
    expect(refusal.dataset.code).toBe('ENGINE_UNREACHABLE');
    expect(refusal.textContent).toContain('The image was not removed');
    expect(screen.queryByTestId('image-remove-force')).toBeNull();
    expect(world.calls.filter((call) => call === 'images.remove')).toHaveLength(1);
    expect(onRemoved).not.toHaveBeenCalled();
  });

  it('when the image is still needed, offers "Remove anyway" once, which forces the removal', async () => {
    const world = startWorld();
    const user = userEvent.setup();
    const onRemoved = vi.fn();
    // Main's refusal for an image a container uses (main/core/images.ts); the engine itself is not on this machine.
    const remove = vi
      .spyOn(world.core.images, 'remove')
      .mockRejectedValueOnce(new StevedoreError('IMAGE_IN_USE', "'team/app:1.2' is used by container web."))
      .mockResolvedValueOnce({ removed: [image.id] });
    render(<RemoveImageDialog image={image} onClose={() => undefined} onRemoved={onRemoved} />);
    await user.click(screen.getByTestId('image-remove-confirm'));
    const refusal = await screen.findByTestId('image-remove-error');
    expect(refusal.textContent).toContain('the image is still needed');
    expect(refusal.textContent).toContain('is used by container web');
    await user.click(screen.getByTestId('image-remove-force'));
    await waitFor(() => expect(onRemoved).toHaveBeenCalledWith(image, [image.id]));
    expect(remove.mock.calls).toEqual([
      [image.id, undefined],
      [image.id, true],
    ]);
  });
});
