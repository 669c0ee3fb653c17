import { useCall } from '../bridge';
import { InfoIcon } from '../components';
import './PreviewBanner.css';

/** In preview, secrets never reach a disk: say so where nobody can miss it. */
export function PreviewBanner() {
  const info = useCall('app.info');
  if (info.value?.runtime !== 'preview') return null;
  return (
    <div className="preview-banner app-chrome" role="note" data-testid="preview-banner">
      <InfoIcon size={16} />
      <p>
        <strong>Preview mode</strong> — credentials are kept in memory only and are forgotten when preview stops
      </p>
    </div>
  );
}
