// Electron's side of notifications: shows each notice the desktop's scheduler decided on as a system
// notification, and a click brings the window back on the notice's screen. Glue only: what to say
// and when is decided (and tested) in src/desktop/notifications.ts.
import { Notification } from 'electron';
import type { Notice } from '#desktop/notifications.js';

export function systemNotifier(open: (screen: Notice['target']['screen']) => void): (notice: Notice) => void {
  return (notice) => {
    if (!Notification.isSupported()) return;
    const shown = new Notification({ title: notice.title, body: notice.body });
    shown.on('click', () => open(notice.target.screen));
    shown.show();
  };
}
