/**
 * OS notifications. Each shown notification is kept referenced until it is clicked or closed: Electron drops
 * the click handler of a notification object that has been garbage-collected.
 */
import { Notification } from 'electron';

interface NotificationText {
  title: string;
  body: string;
}

export interface DesktopNotifier {
  /** Shows it; false where the system has no notifications (the caller may say it another way). */
  show(text: NotificationText, onClick?: () => void): boolean;
  dispose(): void;
}

/** `icon`: shown by Linux notification servers; macOS and Windows show the app's own icon. */
export function createDesktopNotifier(options: { icon?: string } = {}): DesktopNotifier {
  const live = new Set<Notification>();
  return {
    show(text, onClick) {
      if (!Notification.isSupported()) return false;
      const notification = new Notification({ title: text.title, body: text.body, ...(options.icon ? { icon: options.icon } : {}) });
      live.add(notification);
      const forget = (): void => {
        live.delete(notification);
      };
      notification.on('click', () => {
        forget();
        onClick?.();
      });
      notification.on('close', forget);
      notification.on('failed', forget);
      notification.show();
      return true;
    },
    dispose() {
      live.clear();
    },
  };
}
