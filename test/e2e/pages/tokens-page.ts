// Page objects for the Access tokens screen: the create dialog that shows a token exactly once,
// regenerate and revoke behind their confirmations, and the "Use it" panel with the endpoint URL.
import type { Locator, Page } from '@playwright/test';

export class TokensPage {
  readonly heading: Locator;
  readonly newToken: Locator;
  readonly createDialog: Locator;
  readonly tokenName: Locator;
  readonly expiresIn: Locator;
  readonly create: Locator;
  readonly nameError: Locator;
  /** Where a freshly created or regenerated token is shown, once. */
  readonly issued: Locator;
  readonly done: Locator;
  readonly endpointUrl: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Access tokens', exact: true });
    this.newToken = page.getByRole('button', { name: 'New token' });
    this.createDialog = page.getByRole('dialog');
    this.tokenName = this.createDialog.getByLabel('Token name');
    this.expiresIn = this.createDialog.getByLabel('Expires in');
    this.create = this.createDialog.getByRole('button', { name: 'Create token' });
    this.nameError = this.createDialog.getByRole('alert');
    this.issued = page.getByTestId('new-token');
    this.done = page.getByRole('button', { name: 'Done' });
    this.endpointUrl = page.getByTestId('endpoint-url');
  }

  scope(providerDisplayName: string): Locator {
    return this.createDialog.getByRole('checkbox', { name: providerDisplayName, exact: true });
  }

  row(name: string): Locator {
    return this.page
      .getByRole('row')
      .or(this.page.getByRole('listitem'))
      .filter({ has: this.page.getByRole('button', { name: 'Revoke' }) })
      .filter({ hasText: name });
  }

  /** Fills and submits the create dialog; the caller reads `issued` next. */
  async fillAndCreate(name: string, providers: readonly string[], expiresIn = 'Never'): Promise<void> {
    await this.tokenName.fill(name);
    for (const provider of providers) await this.scope(provider).check();
    await this.expiresIn.selectOption({ label: expiresIn });
    await this.create.click();
  }

  /** The issued token's value, then Done, after which the UI must never show it again. */
  async takeIssuedToken(): Promise<string> {
    await this.issued.waitFor();
    const token = (await this.issued.textContent())?.trim() ?? '';
    await this.done.click();
    await this.issued.waitFor({ state: 'detached' });
    return token;
  }
}
