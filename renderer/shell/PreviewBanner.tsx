import { useState } from 'react';
import type { EventPayload } from '../../preload/api';
import { useEvent, useLiveValue } from '../bridge';
import { AlertIcon, InfoIcon } from '../components';
import './PreviewBanner.css';

/**
 * In preview, secrets never reach a disk: say so where nobody can miss it. When the preview server refuses this
 * tab (no session, too many tabs) nothing else can work, so the banner says why and what to do instead.
 * A labelled region, so the banner sits inside a landmark like the rest of the page.
 */
export function PreviewBanner() {
  // The store the boot asks before the app renders (renderer/boot.ts), as Settings and Registries read it.
  const info = useLiveValue('app.info', 'app.info');
  const [refusal, setRefusal] = useState<EventPayload<'connection.refused'> | undefined>(undefined);
  useEvent('connection.refused', setRefusal);
  if (refusal) {
    return (
      <section className="preview-banner preview-banner--refused app-chrome" aria-label="Preview connection" data-testid="preview-banner" data-refused={refusal.code}>
        <AlertIcon size={16} />
        <p role="alert" data-testid="preview-refusal">
          <strong>Preview refused this tab</strong> — {refusal.message} {refusal.fix}
        </p>
      </section>
    );
  }
  if (info.value?.runtime !== 'preview') return null;
  return (
    <section className="preview-banner app-chrome" aria-label="Preview mode" data-testid="preview-banner">
      <InfoIcon size={16} />
      <p>
        <strong>Preview mode</strong> — credentials are kept in memory only and are forgotten when preview stops
      </p>
    </section>
  );
}
