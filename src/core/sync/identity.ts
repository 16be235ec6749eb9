// This wallet's device identity for team hubs: an X25519 key pair (hub keys are wrapped to it) and
// an Ed25519 key pair (it signs member records it approves). Generated locally on first use; the
// private halves are sealed in the vault with AAD naming their purpose and are only ever opened
// for the one operation that needs them (X25519/Ed25519 through @noble/curves: see hub-crypto.ts). Never sent anywhere, never logged.
import { hostname } from 'node:os';
import { eq } from 'drizzle-orm';
import { AikeyError } from '#shared/errors.js';
import { DeviceNameSchema } from '#shared/hub-api.js';
import { open, seal } from '../crypto/aead.js';
import { wipe } from '../crypto/subkeys.js';
import { deviceIdentity } from '../db/schema/index.js';
import type { VaultSession } from '../vault/vault.js';
import { generateRawKeyPair, privateKeyFromRaw, type HubPrivateKey } from './hub-crypto.js';

const IDENTITY_ID = 'this-device';

export interface DevicePublicIdentity {
  deviceName: string;
  /** Raw 32-byte public keys, base64 (the hub API's form). */
  encPub: string;
  signPub: string;
}

function privateAad(vaultId: string, purpose: 'x25519' | 'ed25519'): Buffer {
  return Buffer.from(`aikey/v1/device-identity|${vaultId}|${purpose}`, 'utf8');
}

/** A device name the hub accepts: the host name, cleaned, or a plain fallback. */
export function defaultDeviceName(): string {
  const cleaned = hostname()
    .replace(/[^\p{L}\p{N} ._@()'-]/gu, '')
    .slice(0, 64);
  return DeviceNameSchema.safeParse(cleaned).success ? cleaned : 'AIKey device';
}

export class DeviceIdentity {
  constructor(
    private readonly session: () => VaultSession,
    private readonly now: () => number = Date.now,
  ) {}

  /** The public half, creating the identity on first use. */
  ensure(deviceName: string = defaultDeviceName()): DevicePublicIdentity {
    const { db, sealKey, vaultId } = this.session();
    const existing = db.select().from(deviceIdentity).where(eq(deviceIdentity.id, IDENTITY_ID)).get();
    if (existing) return publicOf(existing);
    const name = DeviceNameSchema.parse(deviceName);
    const enc = generateRawKeyPair('X25519');
    const sig = generateRawKeyPair('Ed25519');
    const row = {
      id: IDENTITY_ID,
      deviceName: name,
      encPublic: enc.publicKey,
      signPublic: sig.publicKey,
      encPrivateSealed: seal(sealKey, enc.privateKey, privateAad(vaultId, 'x25519')),
      signPrivateSealed: seal(sealKey, sig.privateKey, privateAad(vaultId, 'ed25519')),
      createdAt: this.now(),
    };
    wipe(enc.privateKey, sig.privateKey);
    db.insert(deviceIdentity).values(row).run();
    return publicOf(row);
  }

  /** The X25519 private key, for unwrapping a hub key. */
  encryptionKey(): HubPrivateKey {
    return this.privateKey('x25519');
  }

  /** The Ed25519 private key, for signing a member record. */
  signingKey(): HubPrivateKey {
    return this.privateKey('ed25519');
  }

  private privateKey(purpose: 'x25519' | 'ed25519'): HubPrivateKey {
    this.ensure();
    const { db, sealKey, vaultId } = this.session();
    const row = db.select().from(deviceIdentity).where(eq(deviceIdentity.id, IDENTITY_ID)).get();
    if (!row) throw new AikeyError('Internal', 'This device has no identity yet.');
    const sealed = purpose === 'x25519' ? row.encPrivateSealed : row.signPrivateSealed;
    const raw = open(sealKey, sealed, privateAad(vaultId, purpose), 'This device’s private key');
    try {
      return purpose === 'x25519'
        ? privateKeyFromRaw(raw, row.encPublic, 'X25519')
        : privateKeyFromRaw(raw, row.signPublic, 'Ed25519');
    } finally {
      wipe(raw);
    }
  }
}

function publicOf(row: { deviceName: string; encPublic: Buffer; signPublic: Buffer }): DevicePublicIdentity {
  return {
    deviceName: row.deviceName,
    encPub: row.encPublic.toString('base64'),
    signPub: row.signPublic.toString('base64'),
  };
}
