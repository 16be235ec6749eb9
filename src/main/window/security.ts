// Default-deny for everything a page could ask Electron for: navigation, new windows, webviews and
// permissions (camera, notifications, ...), except the clipboard for the app's own page, which Copy
// needs (policy.ts decides). Applied to every WebContents as it is created. Never open a URL in the
// OS without passing it through externalLinkTarget's allow-list first.
import { shell, type Session, type WebContents } from 'electron';
import { externalLinkTarget, permissionAllowed } from './policy.js';

function openInBrowserIfAllowed(url: string, allowedOrigins: ReadonlySet<string>): void {
  const target = externalLinkTarget(url, allowedOrigins);
  if (target === null) return;
  shell.openExternal(target).catch(() => {
    console.warn('aikey: the system browser could not open an external link');
  });
}

export function guardWebContents(contents: WebContents, allowedExternalOrigins: ReadonlySet<string>): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    openInBrowserIfAllowed(url, allowedExternalOrigins);
  });
  contents.setWindowOpenHandler(({ url }) => {
    openInBrowserIfAllowed(url, allowedExternalOrigins);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}

export function limitPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(permissionAllowed(permission, details.requestingUrl));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    permissionAllowed(permission, requestingOrigin),
  );
}
