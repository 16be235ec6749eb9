// Page objects for the Hubs screen: Join a hub (invite code, inline refusal), one team hub's card
// (sync status, Sync now, Invite member, Leave hub, members with Remove) and the one-time invite code.
import type { Locator, Page } from '@playwright/test';

export class HubCard {
  readonly status: Locator;
  readonly syncNow: Locator;
  readonly inviteMember: Locator;
  readonly leave: Locator;
  readonly members: Locator;

  constructor(
    readonly page: Page,
    readonly region: Locator,
  ) {
    this.status = region.getByTestId('sync-status');
    this.syncNow = region.getByRole('button', { name: 'Sync now' });
    this.inviteMember = region.getByRole('button', { name: 'Invite member' });
    this.leave = region.getByRole('button', { name: 'Leave hub' });
    this.members = region.getByRole('list', { name: /^Members of / });
  }

  member(deviceName: string): Locator {
    return this.members.getByRole('listitem', { name: deviceName });
  }
}

export class HubsPage {
  readonly heading: Locator;
  readonly joinHub: Locator;
  readonly joinDialog: Locator;
  readonly inviteCode: Locator;
  readonly deviceName: Locator;
  readonly joinError: Locator;
  /** Where a freshly created invite code is shown, once. */
  readonly issuedInvite: Locator;
  readonly done: Locator;
  readonly confirm: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Hubs', exact: true });
    this.joinHub = page.getByRole('button', { name: 'Join a hub' });
    this.joinDialog = page.getByRole('dialog', { name: 'Join a hub' });
    this.inviteCode = this.joinDialog.getByLabel('Invite code');
    this.deviceName = this.joinDialog.getByLabel(/^Device name/);
    this.joinError = this.joinDialog.getByRole('alert');
    this.issuedInvite = page.getByTestId('invite-code');
    this.done = page.getByRole('button', { name: 'Done' });
    this.confirm = page.getByRole('alertdialog');
  }

  hub(name: string): HubCard {
    return new HubCard(this.page, this.page.getByRole('region', { name, exact: true }));
  }

  /** Fills and submits Join a hub; the caller checks for the hub or the inline error. */
  async submitJoin(code: string, deviceName?: string): Promise<void> {
    await this.joinHub.click();
    await this.inviteCode.fill(code);
    if (deviceName !== undefined) await this.deviceName.fill(deviceName);
    await this.joinDialog.getByRole('button', { name: 'Join hub' }).click();
  }

  /** Invite member -> Create invite -> the code, then Done, after which it is never shown again. */
  async createInvite(hub: HubCard, role: 'Member' | 'Admin' = 'Member'): Promise<string> {
    await hub.inviteMember.click();
    const dialog = this.page.getByRole('dialog', { name: /^Invite a member/ });
    await dialog.getByLabel('Role').selectOption(role === 'Admin' ? 'admin' : 'member');
    await dialog.getByRole('button', { name: 'Create invite' }).click();
    await this.issuedInvite.waitFor();
    const code = (await this.issuedInvite.textContent())?.trim() ?? '';
    await this.done.click();
    await this.issuedInvite.waitFor({ state: 'detached' });
    return code;
  }
}
