// Page objects for the Audit log (filters, table, paging) and Settings (auto-lock, clipboard, the
// endpoint, OS-keychain unlock, change master password).
import type { Locator, Page } from '@playwright/test';

export class AuditPage {
  readonly heading: Locator;
  readonly keyFilter: Locator;
  readonly tokenFilter: Locator;
  readonly actionFilter: Locator;
  readonly resultFilter: Locator;
  readonly table: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Audit log', exact: true });
    this.keyFilter = page.getByLabel('Key', { exact: true });
    this.tokenFilter = page.getByLabel('Token', { exact: true });
    this.actionFilter = page.getByLabel('Action', { exact: true });
    this.resultFilter = page.getByLabel('Result', { exact: true });
    this.table = page.getByRole('table');
  }

  /** Data rows only (the header row holds column headers, not cells). */
  entries(): Locator {
    return this.table.getByRole('row').filter({ has: this.page.getByRole('cell') });
  }
}

export class SettingsPage {
  readonly heading: Locator;
  readonly autoLockMinutes: Locator;
  readonly clipboardSeconds: Locator;
  readonly endpoint: Locator;
  readonly endpointPort: Locator;
  readonly keychain: Locator;
  readonly currentPassword: Locator;
  readonly newPassword: Locator;
  readonly changePassword: Locator;
  readonly installCli: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Settings', exact: true });
    this.autoLockMinutes = page.getByLabel('Auto-lock after (minutes)');
    this.clipboardSeconds = page.getByLabel('Clear clipboard after (seconds)');
    this.endpoint = page.getByLabel('Loopback endpoint');
    this.endpointPort = page.getByLabel('Endpoint port');
    this.keychain = page.getByLabel('Unlock with OS keychain');
    this.currentPassword = page.getByLabel('Current master password');
    this.newPassword = page.getByLabel('New master password');
    this.changePassword = page.getByRole('button', { name: 'Change password' });
    this.installCli = page.getByRole('button', { name: /install the aikey command/i });
  }
}
