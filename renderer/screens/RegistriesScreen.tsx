import { RegistriesIcon, ScreenLayout } from '../components';
import { ComingNext } from './ComingNext';

export function RegistriesScreen() {
  return (
    <ScreenLayout
      id="registries"
      title="Registries"
      description="The private registries Stevedore can sign in to, and which images each one's credentials are for."
    >
      <ComingNext
        icon={<RegistriesIcon size={24} />}
        summary="Registries: add private registries with encrypted credentials and Image Patterns, and see which credentials any image will use — coming next."
        plans={[
          'Add, edit, test and remove registries; secrets are stored encrypted and never shown again',
          'Image Patterns such as team/* decide which images use which credentials',
          '“Which credentials will this image use?” explained live for any image you type',
          'Import registries from your Docker configuration',
        ]}
      />
    </ScreenLayout>
  );
}
