// Page object for the Import screen: the two ways to scan, the progress and its Cancel, the table of
// findings (one row per key, named by its variable and file), the hub choice, the two import
// buttons with the confirmation before references replace values, and the outcome.
import type { Locator, Page } from '@playwright/test';

export class ImportPage {
  readonly heading: Locator;
  readonly scanComputer: Locator;
  readonly chooseFile: Locator;
  readonly cancelScan: Locator;
  readonly findings: Locator;
  readonly hub: Locator;
  readonly importSelected: Locator;
  readonly replaceWithReferences: Locator;
  readonly confirmReplace: Locator;
  readonly outcome: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Import keys', exact: true });
    this.scanComputer = page.getByRole('button', { name: 'Scan this computer' });
    this.chooseFile = page.getByRole('button', { name: 'Choose a file…' });
    this.cancelScan = page.getByRole('button', { name: 'Cancel scan' });
    this.findings = page.getByRole('table', { name: 'Keys found' });
    this.hub = page.getByLabel('Import into hub');
    this.importSelected = page.getByRole('button', { name: 'Import selected' });
    this.replaceWithReferences = page.getByRole('button', { name: 'Replace with references' });
    this.confirmReplace = page.getByRole('alertdialog').getByRole('button', { name: 'Import and replace' });
    this.outcome = page.getByRole('region', { name: 'Import finished' });
  }

  /** The rows of the findings table, header excluded. */
  rows(): Locator {
    return this.findings
      .getByRole('row')
      .filter({ has: this.page.getByRole('checkbox') })
      .filter({
        hasNot: this.page.getByRole('columnheader'),
      });
  }

  /** The row of the key held in `variable` in the file whose path ends with `pathEnd`. */
  row(variable: string, pathEnd: string): Locator {
    return this.rows().filter({
      has: this.page.getByRole('checkbox', {
        name: new RegExp(`^Select ${variable} in .*${pathEnd.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
      }),
    });
  }

  checkbox(variable: string, pathEnd: string): Locator {
    return this.row(variable, pathEnd).getByRole('checkbox');
  }
}
