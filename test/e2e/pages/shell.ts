// The unlocked app's frame: the navigation and the always-visible Lock button.
import type { Locator, Page } from '@playwright/test';

export function toastIn(page: Page, title: string): Locator {
  return page
    .getByRole('region', { name: /^Notifications/ })
    .getByRole('listitem')
    .filter({ hasText: title });
}

export type Screen = 'Keys' | 'Import keys' | 'Hubs' | 'Access tokens' | 'Usage' | 'Audit log' | 'Settings';

export class AppShell {
  readonly nav: Locator;
  readonly lock: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation');
    this.lock = page.getByRole('button', { name: 'Lock', exact: true });
  }

  /** A toast by its title, inside the notifications region (Radix announces a second, hidden copy). */
  toast(title: string): Locator {
    return toastIn(this.page, title);
  }

  async open(screen: Screen): Promise<void> {
    await this.nav
      .getByRole('link', { name: screen, exact: true })
      .or(this.nav.getByRole('button', { name: screen, exact: true }))
      .click();
    await this.page.getByRole('heading', { name: screen, exact: true }).waitFor();
  }
}
