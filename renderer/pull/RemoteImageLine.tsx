import type { RemoteImageView } from '../../preload/api';
import { formatBytes } from '../format';
import type { Answer } from './registryHints';
import './RemoteImageLine.css';

/**
 * One compact line under the image field: what the registry says about the tag before any pull. `pullEnded`: the
 * form's pull of this tag failed or was cancelled, and its panel says why — so no "asking…" left over from before
 * and no second account of the failure; what the registry did describe stays, as it is still true.
 */
export function RemoteImageLine({ answer, pullEnded = false }: { answer: Answer<RemoteImageView>; pullEnded?: boolean }) {
  if (answer.status === 'idle' || (pullEnded && answer.status !== 'ready')) return null;
  if (answer.status === 'loading') {
    return (
      <p className="remote-image remote-image--quiet" aria-live="polite" data-testid="remote-image">
        Asking the registry about this tag…
      </p>
    );
  }
  if (answer.status === 'error') {
    // Not an error of the form: the pull itself says what is wrong, with the engine's words.
    return (
      <p className="remote-image remote-image--quiet" data-testid="remote-image-error">
        The registry could not describe this tag: {answer.error.message}
      </p>
    );
  }
  const image = answer.value;
  const facts = [
    image.version === undefined ? undefined : `version ${image.version}`,
    image.compressedSize === undefined ? undefined : `${formatBytes(image.compressedSize)} to download${image.platform === undefined ? '' : ` (${image.platform})`}`,
    image.created === undefined ? undefined : `created ${image.created.slice(0, 10)}`,
  ].filter((fact): fact is string => fact !== undefined);
  return (
    <div className="remote-image" aria-live="polite" data-testid="remote-image">
      <p className="remote-image__platforms">
        <span className="remote-image__label">Platforms</span>{' '}
        {image.platforms.length === 0 ? 'not stated' : image.platforms.map((platform) => <code key={platform}>{platform}</code>)}
      </p>
      {facts.length > 0 && <p className="remote-image__facts">{facts.join(' · ')}</p>}
      {image.source !== undefined && (
        <p className="remote-image__facts">
          Source <code>{image.source}</code>
        </p>
      )}
    </div>
  );
}
