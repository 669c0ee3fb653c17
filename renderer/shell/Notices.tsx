import type { Notice } from '../../preload/api';
import { useAction, useLiveValue } from '../bridge';
import { AlertIcon, Button, InfoIcon } from '../components';
import './Notices.css';

/**
 * Things main must tell the user once, e.g. a settings file that could not be read and was kept aside. Shown
 * above every screen until dismissed; the list follows `notices.changed`.
 */
export function Notices() {
  const notices = useLiveValue('notices.list', 'notices.changed');
  // Nothing to say, or main could not be asked: a notices bar that fails should not cover the app with errors.
  if (!notices.value || notices.value.length === 0) return null;
  return (
    <section className="notices app-chrome" aria-label="Notices" data-testid="notices">
      <ul className="notices__list">
        {notices.value.map((notice) => (
          <NoticeItem key={notice.id} notice={notice} />
        ))}
      </ul>
    </section>
  );
}

function NoticeItem({ notice }: { notice: Notice }) {
  const dismiss = useAction('notices.dismiss');
  const Icon = notice.level === 'info' ? InfoIcon : AlertIcon;
  return (
    <li className={`notice notice--${notice.level}`} data-testid="notice" data-level={notice.level}>
      <Icon size={16} className="notice__icon" />
      <div className="notice__text">
        <strong className="notice__title">{notice.title}</strong> <span className="notice__message">{notice.message}</span>
        {dismiss.error && <span className="notice__error"> Could not dismiss: {dismiss.error.message}</span>}
      </div>
      <Button
        size="sm"
        variant="ghost"
        className="notice__dismiss"
        busy={dismiss.pending}
        onClick={() => void dismiss.run({ id: notice.id })}
        data-testid="notice-dismiss"
        aria-label={`Dismiss: ${notice.title}`}
      >
        Dismiss
      </Button>
    </li>
  );
}
