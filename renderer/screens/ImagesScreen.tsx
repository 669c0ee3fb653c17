import { ImagesIcon, ScreenLayout } from '../components';
import { ComingNext } from './ComingNext';

export function ImagesScreen() {
  return (
    <ScreenLayout id="images" title="Images" description="The images on the connected engine.">
      <ComingNext
        icon={<ImagesIcon size={24} />}
        summary="Images: list the engine's local images with their size, age and registry, remove them or pull them again to update — coming next."
        plans={['Repository, tag, id, size and creation time', 'Remove images you no longer need', 'Re-pull an image to update it, with its own credentials']}
      />
    </ScreenLayout>
  );
}
