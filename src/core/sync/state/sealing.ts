// The AAD every sealed hub secret carries: "aikey/v1/<purpose>|<hub id>|…". It names the hub, the
// purpose and the version or id, so a sealed value copied to another row (another hub, another key
// version, another invite) fails to open. Changing this string makes every stored secret unreadable.
export function hubSecretAad(purpose: string, ...parts: (string | number)[]): Buffer {
  return Buffer.from(`aikey/v1/${[purpose, ...parts].join('|')}`, 'utf8');
}
