// This wallet's device identity for team hubs: one X25519 key pair (hub keys are wrapped to it) and
// one Ed25519 key pair (it signs the member records of devices it approves). Generated locally; the
// private halves are sealed on their own (AAD names the purpose) and never leave the vault.
import { sqliteTable, text, integer, blob } from 'drizzle-orm/sqlite-core';

export const deviceIdentity = sqliteTable('device_identity', {
  /** Always 'this-device': one identity per wallet. */
  id: text('id').primaryKey(),
  deviceName: text('device_name').notNull(),
  encPublic: blob('enc_public', { mode: 'buffer' }).notNull(),
  signPublic: blob('sign_public', { mode: 'buffer' }).notNull(),
  encPrivateSealed: blob('enc_private_sealed', { mode: 'buffer' }).notNull(),
  signPrivateSealed: blob('sign_private_sealed', { mode: 'buffer' }).notNull(),
  createdAt: integer('created_at', { mode: 'number' }).notNull(),
});

export type DeviceIdentityRow = typeof deviceIdentity.$inferSelect;
