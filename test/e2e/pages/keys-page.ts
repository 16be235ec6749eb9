// Page objects for the Keys screen: the list (rows, search, provider filter, reveal, delete with
// undo), the Add key dialog with its inline format check and Test button, and Recently deleted.
import type { Locator, Page } from '@playwright/test';
import { toastIn } from './shell.js';

export interface NewKey {
  provider: string;
  name: string;
  secret: string;
  baseUrl?: string;
  expires?: string;
  notes?: string;
}

export class AddKeyDialog {
  readonly dialog: Locator;
  readonly provider: Locator;
  readonly name: Locator;
  readonly secret: Locator;
  readonly showKey: Locator;
  readonly baseUrl: Locator;
  readonly expires: Locator;
  readonly notes: Locator;
  readonly formatError: Locator;
  readonly test: Locator;
  readonly testResult: Locator;
  readonly save: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'Add key' });
    this.provider = this.dialog.getByLabel('Provider', { exact: true });
    this.name = this.dialog.getByLabel('Name', { exact: true });
    this.secret = this.dialog.getByLabel('Key', { exact: true });
    this.showKey = this.dialog.getByRole('button', { name: 'Show key' });
    this.baseUrl = this.dialog.getByLabel('Base URL');
    this.expires = this.dialog.getByLabel('Expires');
    this.notes = this.dialog.getByLabel('Notes');
    this.formatError = this.dialog.getByRole('alert');
    this.test = this.dialog.getByRole('button', { name: 'Test', exact: true });
    this.testResult = this.dialog.getByRole('status');
    this.save = this.dialog.getByRole('button', { name: 'Save', exact: true });
  }

  async fill(key: NewKey): Promise<void> {
    await this.provider.selectOption({ label: key.provider });
    await this.name.fill(key.name);
    await this.secret.fill(key.secret);
    if (key.baseUrl !== undefined) await this.baseUrl.fill(key.baseUrl);
    if (key.expires !== undefined) await this.expires.fill(key.expires);
    if (key.notes !== undefined) await this.notes.fill(key.notes);
  }
}

export class KeysPage {
  readonly heading: Locator;
  readonly addKey: Locator;
  readonly search: Locator;
  readonly providerFilter: Locator;
  readonly addDialog: AddKeyDialog;
  readonly deletedToast: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Keys', exact: true });
    this.addKey = page.getByRole('button', { name: 'Add key' });
    this.search = page.getByLabel('Search keys');
    this.providerFilter = page.getByLabel('Provider filter');
    this.addDialog = new AddKeyDialog(page);
    this.deletedToast = toastIn(page, 'Key deleted');
  }

  /** Every key row on screen (the list is virtualized: only rows near the viewport exist). */
  rows(): Locator {
    return this.page
      .getByRole('row')
      .or(this.page.getByRole('listitem'))
      .filter({ has: this.page.getByRole('button', { name: 'Reveal' }) });
  }

  /** The row of one key, found by its provider's display name and its own name. */
  row(provider: string, name: string): Locator {
    return this.rows().filter({ hasText: provider }).filter({ hasText: name });
  }

  async add(key: NewKey): Promise<void> {
    await this.addKey.click();
    await this.addDialog.fill(key);
    await this.addDialog.save.click();
    await this.addDialog.dialog.waitFor({ state: 'hidden' });
  }

  async openRecentlyDeleted(): Promise<void> {
    await this.page
      .getByRole('link', { name: 'Recently deleted' })
      .or(this.page.getByRole('button', { name: 'Recently deleted' }))
      .click();
    await this.page.getByRole('heading', { name: 'Recently deleted' }).waitFor();
  }
}
