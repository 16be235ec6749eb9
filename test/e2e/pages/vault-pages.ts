// Page objects for the locked side of the app: first run (create the vault, save the recovery key)
// and the unlock screen. Selectors follow the design's accessible names, so a renamed label or a
// lost role breaks these tests the way it would break a screen reader user.
import type { Locator, Page } from '@playwright/test';

export class FirstRunPage {
  readonly heading: Locator;
  readonly password: Locator;
  readonly confirm: Locator;
  readonly strength: Locator;
  readonly create: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Create your vault' });
    this.password = page.getByLabel('Master password', { exact: true });
    this.confirm = page.getByLabel('Confirm master password');
    this.strength = page
      .getByRole('meter', { name: 'Password strength' })
      .or(page.getByRole('progressbar', { name: 'Password strength' }));
    this.create = page.getByRole('button', { name: 'Create vault' });
  }

  async createVault(password: string): Promise<void> {
    await this.password.fill(password);
    await this.confirm.fill(password);
    await this.create.click();
  }
}

export class RecoveryPage {
  readonly heading: Locator;
  readonly recoveryKey: Locator;
  readonly copy: Locator;
  readonly saveToFile: Locator;
  readonly saved: Locator;
  readonly continue: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Save your recovery key' });
    this.recoveryKey = page.getByTestId('recovery-key');
    this.copy = page.getByRole('button', { name: 'Copy' });
    this.saveToFile = page.getByRole('button', { name: 'Save to file' });
    this.saved = page.getByRole('checkbox', { name: 'I saved my recovery key somewhere safe' });
    this.continue = page.getByRole('button', { name: 'Continue' });
  }
}

export class UnlockPage {
  readonly heading: Locator;
  readonly password: Locator;
  readonly unlock: Locator;
  readonly alert: Locator;
  readonly restoreBackup: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Unlock AIKey Wallet' });
    this.restoreBackup = page.getByRole('button', { name: 'Restore the newest backup' });
    this.password = page.getByLabel('Master password', { exact: true });
    this.unlock = page.getByRole('button', { name: 'Unlock', exact: true });
    this.alert = page.getByRole('alert');
  }

  async unlockWith(password: string): Promise<void> {
    await this.password.fill(password);
    await this.unlock.click();
  }
}
