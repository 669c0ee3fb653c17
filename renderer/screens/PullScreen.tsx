import { PullIcon, ScreenLayout } from '../components';
import { ComingNext } from './ComingNext';

export function PullScreen() {
  return (
    <ScreenLayout id="pull" title="Pull" description="Pull an image with the right credentials, and follow it layer by layer.">
      <ComingNext
        icon={<PullIcon size={24} />}
        summary="Pull: pull one image with stored or one-time credentials, with live per-layer progress — coming next."
        plans={[
          'Shows which credentials will be used before anything is sent',
          'Choose a platform such as linux/arm64; unavailable platforms are caught before pulling',
          'Cancel at any time; running pulls keep going when you switch screens',
          'Failures explained with the cause and what to do',
        ]}
      />
    </ScreenLayout>
  );
}
