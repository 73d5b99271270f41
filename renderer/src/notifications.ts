import { api } from './api';
import { useNavigation } from './stores/navigation';
import { useSettings } from './stores/settings';

/**
 * New customer messages as browser notifications, for the web preview. The desktop app's shell
 * shows its own system notification (AppInfo.systemNotifications), so the page stays quiet there.
 * Main sends the event only when the Settings switch is on; the page adds the browser's rules:
 * permission granted (asked for only from that switch, a user gesture) and the page not in focus.
 */

export type BrowserPermission = NotificationPermission | 'unsupported';

export function browserPermission(): BrowserPermission {
  return 'Notification' in window ? Notification.permission : 'unsupported';
}

/** Asks the browser once, from a click on the Settings switch; answers what it decided. */
export async function askBrowserPermission(): Promise<BrowserPermission> {
  if (!('Notification' in window)) return 'unsupported';
  if (Notification.permission !== 'default') return Notification.permission;
  return Notification.requestPermission();
}

export function subscribeBrowserNotifications(): () => void {
  return api.on('messages.incoming', (notice) => {
    if (useSettings.getState().appInfo?.systemNotifications !== false) return;
    if (browserPermission() !== 'granted' || document.hasFocus()) return;
    const notification = new Notification(notice.title, { body: notice.body, tag: 'new-messages' });
    notification.onclick = () => {
      window.focus();
      const only = notice.contacts.length === 1 ? notice.contacts[0] : undefined;
      if (only) useNavigation.getState().openConversation({ contact: only });
      else useNavigation.getState().navigate('inbox');
      notification.close();
    };
  });
}
