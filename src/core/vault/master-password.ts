// Changing the master password and recovering with the recovery key, audited for every caller (the
// desktop, `aikey passwd`, `aikey recover`), so no shell has to remember to write the entry. The
// vault does the key work; this adds only the record of it, which needs the unlocked database.
import { type Actor, type AuditLog } from '../audit/audit-log.js';
import type { Vault } from './vault.js';

export class MasterPassword {
  constructor(
    private readonly vault: Vault,
    private readonly audit: AuditLog,
  ) {}

  /** Re-wraps the vault key under a new password; audited when the vault is open to record it. */
  async change(currentPassword: string, newPassword: string, actor: Actor): Promise<void> {
    await this.vault.changePassword(currentPassword, newPassword);
    if (this.vault.isUnlocked()) this.audit.record({ actor, action: 'vault.change_password', result: 'ok' });
  }

  /** Opens the vault with the recovery key and sets a new password; returns the new recovery key. */
  async recover(recoveryKey: string, newPassword: string, actor: Actor): Promise<{ recoveryKey: string }> {
    const result = await this.vault.recover(recoveryKey, newPassword);
    this.audit.record({ actor, action: 'vault.recover', result: 'ok' });
    return result;
  }
}
