// Writes a small KeePass KDBX 4 database with exact Argon2id parameters, so the CLI benchmark can
// compare `aikey keys list` (unlock + list) with `keepassxc-cli ls` at the same key-derivation cost.
// keepassxc-cli can only create databases tuned to a target time (and with AES-KDF), not with given
// Argon2 parameters. Bench-only: AES-256-CBC payload, no compression, unprotected entry fields.
// Format: keepass.info "KDBX 4" (outer header with a KDF variant dictionary, header SHA-256 and
// HMAC, HMAC-SHA-256 block stream, inner header, XML).
import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { hashRaw } from '@node-rs/argon2';

const AES256_CBC = Buffer.from('31c1f2e6bf714350be5805216afc5aff', 'hex');
const ARGON2ID = Buffer.from('9e298b1956db4773b23dfc3ec6f0a1e6', 'hex');

export interface Argon2idCost {
  memoryKiB: number;
  iterations: number;
  parallelism: number;
}

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
const u64 = (n: number | bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
};
const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const sha512 = (...parts: Buffer[]) => createHash('sha512').update(Buffer.concat(parts)).digest();

/** A KeePass VariantDictionary (version 1.0): typed, named values. */
function variantDictionary(entries: [type: number, name: string, value: Buffer][]): Buffer {
  const parts: Buffer[] = [Buffer.from([0x00, 0x01])];
  for (const [type, name, value] of entries) {
    const key = Buffer.from(name, 'utf8');
    parts.push(Buffer.from([type]), u32(key.length), key, u32(value.length), value);
  }
  parts.push(Buffer.from([0x00]));
  return Buffer.concat(parts);
}

/** One header field: id, 4-byte length, data. */
const field = (id: number, data: Buffer) => Buffer.concat([Buffer.from([id]), u32(data.length), data]);

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const uuid = () => randomBytes(16).toString('base64');

function database(entries: { title: string; password: string }[]): string {
  const items = entries
    .map(
      (e) =>
        `<Entry><UUID>${uuid()}</UUID><String><Key>Title</Key><Value>${xmlEscape(e.title)}</Value></String>` +
        `<String><Key>Password</Key><Value>${xmlEscape(e.password)}</Value></String></Entry>`,
    )
    .join('');
  return (
    '<?xml version="1.0" encoding="utf-8" standalone="yes"?><KeePassFile><Meta><Generator>aikey-bench</Generator>' +
    `<DatabaseName>bench</DatabaseName></Meta><Root><Group><UUID>${uuid()}</UUID><Name>Root</Name>${items}` +
    '</Group></Root></KeePassFile>'
  );
}

export async function writeKdbx4(
  file: string,
  password: string,
  cost: Argon2idCost,
  entries: { title: string; password: string }[],
): Promise<void> {
  const masterSeed = randomBytes(32);
  const iv = randomBytes(16);
  const salt = randomBytes(32);
  const kdf = variantDictionary([
    [0x42, '$UUID', ARGON2ID],
    [0x42, 'S', salt],
    [0x04, 'P', u32(cost.parallelism)],
    [0x05, 'M', u64(cost.memoryKiB * 1024)],
    [0x05, 'I', u64(cost.iterations)],
    [0x04, 'V', u32(0x13)],
  ]);
  const header = Buffer.concat([
    u32(0x9aa2d903),
    u32(0xb54bfb67),
    u32(0x00040000),
    field(2, AES256_CBC),
    field(3, u32(0)),
    field(4, masterSeed),
    field(7, iv),
    field(11, kdf),
    field(0, Buffer.from('\r\n\r\n')),
  ]);
  const composite = sha256(sha256(Buffer.from(password, 'utf8')));
  const transformed = await hashRaw(composite, {
    algorithm: 2,
    version: 1,
    memoryCost: cost.memoryKiB,
    timeCost: cost.iterations,
    parallelism: cost.parallelism,
    salt,
    outputLen: 32,
  });
  const hmacBase = sha512(masterSeed, transformed, Buffer.from([0x01]));
  const blockKey = (index: bigint) => sha512(u64(index), hmacBase);
  const headerHmac = createHmac('sha256', blockKey(0xffffffffffffffffn)).update(header).digest();

  const inner = Buffer.concat([
    field(1, u32(3)),
    field(2, randomBytes(64)),
    field(0, Buffer.alloc(0)),
    Buffer.from(database(entries), 'utf8'),
  ]);
  const cipher = createCipheriv('aes-256-cbc', sha256(masterSeed, transformed), iv);
  const payload = Buffer.concat([cipher.update(inner), cipher.final()]);
  const block = (index: bigint, data: Buffer) => {
    const mac = createHmac('sha256', blockKey(index))
      .update(Buffer.concat([u64(index), u32(data.length), data]))
      .digest();
    return Buffer.concat([mac, u32(data.length), data]);
  };
  writeFileSync(
    file,
    Buffer.concat([header, sha256(header), headerHmac, block(0n, payload), block(1n, Buffer.alloc(0))]),
    { mode: 0o600 },
  );
}
