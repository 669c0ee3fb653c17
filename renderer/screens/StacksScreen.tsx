import { ScreenLayout, StacksIcon } from '../components';
import { ComingNext } from './ComingNext';

export function StacksScreen() {
  return (
    <ScreenLayout id="stacks" title="Stacks" description="Compose projects deployed on the connected engine.">
      <ComingNext
        icon={<StacksIcon size={24} />}
        summary="Stacks: deploy compose stacks with every image pulled using its own credentials first, then follow their status and logs — coming next."
        plans={[
          'Open a compose file or write one in the app',
          'A preflight table shows each image, its credentials and what will happen',
          'Deploy, redeploy, stop, start and take down, with live status and logs per service',
        ]}
      />
    </ScreenLayout>
  );
}
