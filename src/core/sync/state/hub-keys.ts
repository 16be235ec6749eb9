// The hub keys this device holds, one row of hub_keys per hub and key version, each sealed with the
// vault's sealing key (AAD: hub id + key version). The only writer of hub_keys. An opened key is
// the caller's to wipe; nothing here keeps one.
import { and, asc, eq } from 'drizzle-orm';
import { open, seal } from '../../crypto/aead.js';
import { hubKeys } from '../../db/schema/index.js';
import type { VaultSession } from '../../vault/vault.js';
import { hubSecretAad } from './sealing.js';

export class HubKeys {
  constructor(
    private readonly session: () => VaultSession,
    private readonly now: () => number = Date.now,
  ) {}

  save(hubId: string, keyVersion: number, hubKey: Buffer): void {
    const { db, sealKey } = this.session();
    const sealed = seal(sealKey, hubKey, hubSecretAad('hub-key', hubId, keyVersion));
    db.insert(hubKeys)
      .values({ hubId, keyVersion, sealed, createdAt: this.now() })
      .onConflictDoUpdate({ target: [hubKeys.hubId, hubKeys.keyVersion], set: { sealed } })
      .run();
  }

  /** The hub key of a version, opened, or null when this device never received it. */
  open(hubId: string, keyVersion: number): Buffer | null {
    const { db, sealKey } = this.session();
    const row = db
      .select()
      .from(hubKeys)
      .where(and(eq(hubKeys.hubId, hubId), eq(hubKeys.keyVersion, keyVersion)))
      .get();
    return row ? open(sealKey, row.sealed, hubSecretAad('hub-key', hubId, keyVersion), 'A hub key') : null;
  }

  versions(hubId: string): number[] {
    return this.session()
      .db.select({ v: hubKeys.keyVersion })
      .from(hubKeys)
      .where(eq(hubKeys.hubId, hubId))
      .orderBy(asc(hubKeys.keyVersion))
      .all()
      .map((r) => r.v);
  }
}
