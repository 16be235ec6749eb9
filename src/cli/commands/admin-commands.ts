// Commands that open the vault themselves with the master password: init, keys, tokens, audit.
// They work whether or not a wallet process is running (WAL lets both use the files at once).
import { existsSync } from 'node:fs';
import type { Actor } from '#core/audit/audit-log.js';
import { headerAdvice } from '#core/vault/header.js';
import { defaultDataDir } from '#core/vault/paths.js';
import { createWallet, type Wallet } from '#core/wallet.js';
import { isProviderId } from '#shared/providers.js';
import { CliError, EXIT } from '../exit-codes.js';
import { parseExpiry } from '#shared/expiry.js';
import { formatTime, printJson, printLine, printTable, quoted } from '../output.js';
import { masterPassword, providerSecret } from '../secret-input.js';

export const CLI_ACTOR: Actor = { type: 'cli', name: 'aikey' };

export interface AdminOptions {
  json: boolean;
  passwordFile?: string | undefined;
}

/** No header: no vault yet, or (beside a database) a lost header, which `aikey init` cannot fix. */
export function assertVaultHere(wallet: Wallet): void {
  if (wallet.vault.exists()) return;
  const { database, header } = wallet.vault.paths;
  if (existsSync(database)) {
    throw new CliError(
      EXIT.vault,
      'VaultCorrupt',
      `The vault header is missing beside ${database}. ${headerAdvice(header)} (\`aikey init\` would start a new, empty vault.)`,
    );
  }
  throw new CliError(EXIT.vault, 'VaultNotFound', 'No vault here yet. Create one with `aikey init`.');
}

export async function withUnlockedWallet<T>(
  options: AdminOptions,
  run: (wallet: Wallet) => T | Promise<T>,
): Promise<T> {
  const wallet = createWallet({ dataDir: defaultDataDir() });
  try {
    assertVaultHere(wallet);
    await wallet.vault.unlock(await masterPassword({ passwordFile: options.passwordFile }));
    return await run(wallet);
  } finally {
    wallet.close();
  }
}

export async function initCommand(options: AdminOptions): Promise<void> {
  const wallet = createWallet({ dataDir: defaultDataDir() });
  try {
    if (wallet.vault.exists())
      throw new CliError(EXIT.vault, 'VaultExists', 'A vault already exists in this data directory.');
    const password = await masterPassword({ passwordFile: options.passwordFile, confirm: true });
    const { recoveryKey } = await wallet.vault.create(password);
    if (options.json) printJson({ dataDir: wallet.vault.paths.dir, recoveryKey });
    else {
      printLine(`Vault created in ${wallet.vault.paths.dir}`);
      printLine('');
      printLine(`Recovery key: ${recoveryKey}`);
      printLine('');
      printLine(
        'Write it down and keep it offline. It is shown this once and opens the vault if you forget the password.',
      );
    }
  } finally {
    wallet.close();
  }
}

export function hubId(wallet: Wallet, ref: string | undefined): string | undefined {
  if (!ref) return undefined;
  const hub = wallet.keys.hubByRef(ref);
  if (!hub) throw new CliError(EXIT.keyMissing, 'HubNotFound', 'No hub with that name or id.');
  return hub.id;
}

/** A key by id, or by provider/name (name defaults to "default"). */
export function keyRef(wallet: Wallet, ref: string, state: 'live' | 'deleted'): string {
  const [provider, name = 'default'] = ref.split('/');
  const match = wallet.keys
    .list({ state })
    .find((k) => k.id === ref || (k.provider === provider && k.name === name));
  if (!match)
    throw new CliError(
      EXIT.keyMissing,
      'KeyNotFound',
      `No ${state === 'deleted' ? 'deleted ' : ''}key matches ${quoted(ref)}.`,
    );
  return match.id;
}

export interface KeyAddFlags {
  name?: string | undefined;
  hub?: string | undefined;
  notes?: string | undefined;
  baseUrl?: string | undefined;
  expires?: string | undefined;
}

export async function keysCommand(
  options: AdminOptions,
  sub: string | undefined,
  args: string[],
  flags: KeyAddFlags & { deleted?: boolean },
): Promise<void> {
  if (sub === 'add') {
    const provider = args[0];
    if (!provider || !isProviderId(provider)) {
      throw new CliError(
        EXIT.usage,
        'Usage',
        'Usage: aikey keys add <provider> [--name N] [--hub H] (the key is read from a hidden prompt or stdin)',
      );
    }
    const expiresAt = flags.expires === undefined ? undefined : parseExpiry(flags.expires, Date.now());
    const secret = await providerSecret();
    await withUnlockedWallet(options, (wallet) => {
      const key = wallet.keys.create(
        {
          provider,
          secret,
          ...(flags.name ? { name: flags.name } : {}),
          ...(flags.notes ? { notes: flags.notes } : {}),
          ...(flags.baseUrl ? { baseUrl: flags.baseUrl } : {}),
          ...(expiresAt !== undefined ? { expiresAt } : {}),
          ...(hubId(wallet, flags.hub) ? { hubId: hubId(wallet, flags.hub) } : {}),
        },
        CLI_ACTOR,
      );
      if (options.json) printJson(key);
      else printLine(`Added ${key.provider}/${key.name} (${key.masked}) to ${key.hubName}.`);
    });
  } else if (sub === 'list' || sub === undefined) {
    await withUnlockedWallet(options, (wallet) => {
      const keys = wallet.keys.list({ state: flags.deleted ? 'deleted' : 'live' });
      if (options.json) return printJson(keys);
      if (keys.length === 0)
        return printLine(
          flags.deleted ? 'No deleted keys.' : 'No keys yet. Add one with `aikey keys add <provider>`.',
        );
      printTable([
        ['HUB', 'PROVIDER', 'NAME', 'KEY', 'USES', 'LAST USED', 'EXPIRES'],
        ...keys.map((k) => [
          k.hubName,
          k.provider,
          k.name,
          k.masked,
          String(k.usageCount),
          formatTime(k.lastUsedAt),
          formatTime(k.expiresAt),
        ]),
      ]);
    });
  } else if (sub === 'rm' || sub === 'restore') {
    const ref = args[0];
    if (!ref) throw new CliError(EXIT.usage, 'Usage', `Usage: aikey keys ${sub} <id | provider[/name]>`);
    await withUnlockedWallet(options, (wallet) => {
      const key =
        sub === 'rm'
          ? wallet.keys.remove(keyRef(wallet, ref, 'live'), CLI_ACTOR)
          : wallet.keys.restore(keyRef(wallet, ref, 'deleted'), CLI_ACTOR);
      if (options.json) printJson(key);
      else
        printLine(
          sub === 'rm'
            ? `Deleted ${key.provider}/${key.name}. Undo with \`aikey keys restore ${key.id}\`.`
            : `Restored ${key.provider}/${key.name}.`,
        );
    });
  } else {
    throw new CliError(EXIT.usage, 'Usage', 'Usage: aikey keys add|list|edit|reveal|rm|restore');
  }
}

export interface TokenFlags {
  providers?: string | undefined;
  hub?: string | undefined;
  keys?: string | undefined;
  expires?: string | undefined;
  /** --ask / --no-ask: "Ask before use" (the desktop asks before a new caller uses the token). */
  ask?: boolean | undefined;
}

export async function tokensCommand(
  options: AdminOptions,
  sub: string | undefined,
  args: string[],
  flags: TokenFlags,
): Promise<void> {
  const show = (token: string, name: string) => {
    if (options.json) return printJson({ name, token });
    printLine(token);
    process.stderr.write(
      `This is the only time the full token for "${name}" is shown. Store it now (for example in AIKEY_TOKEN).\n`,
    );
  };
  if (sub === 'create') {
    const name = args[0];
    if (!name)
      throw new CliError(
        EXIT.usage,
        'Usage',
        'Usage: aikey tokens create <name> [--providers a,b] [--hub H] [--keys n1,n2] [--expires 30d] [--ask]',
      );
    const expiresAt = flags.expires === undefined ? undefined : parseExpiry(flags.expires, Date.now());
    await withUnlockedWallet(options, (wallet) => {
      const hub = hubId(wallet, flags.hub);
      const issued = wallet.tokens.create(
        {
          name,
          scope: {
            ...(flags.providers
              ? { providers: flags.providers.split(',').map((p) => p.trim()) as never }
              : {}),
            ...(hub ? { hubs: [hub] } : {}),
            ...(flags.keys ? { keyNames: flags.keys.split(',').map((k) => k.trim()) } : {}),
          },
          ...(expiresAt !== undefined ? { expiresAt } : {}),
          ...(flags.ask !== undefined ? { askBeforeUse: flags.ask } : {}),
        },
        CLI_ACTOR,
      );
      show(issued.token, name);
    });
  } else if (sub === 'list' || sub === undefined) {
    await withUnlockedWallet(options, (wallet) => {
      const tokens = wallet.tokens.list();
      if (options.json) return printJson(tokens);
      if (tokens.length === 0)
        return printLine('No access tokens yet. Create one with `aikey tokens create <name>`.');
      printTable([
        ['NAME', 'TOKEN', 'PROVIDERS', 'USES', 'LAST USED', 'EXPIRES'],
        ...tokens.map((t) => [
          t.name,
          t.masked,
          t.scope.providers?.join(',') ?? 'all',
          String(t.useCount),
          formatTime(t.lastUsedAt),
          formatTime(t.expiresAt),
        ]),
      ]);
    });
  } else if (sub === 'regenerate' || sub === 'revoke') {
    const ref = args[0];
    if (!ref) throw new CliError(EXIT.usage, 'Usage', `Usage: aikey tokens ${sub} <id | name>`);
    await withUnlockedWallet(options, (wallet) => {
      const token = wallet.tokens.find(ref);
      if (sub === 'regenerate') return show(wallet.tokens.regenerate(token.id, CLI_ACTOR).token, token.name);
      const revoked = wallet.tokens.revoke(token.id, CLI_ACTOR);
      if (options.json) printJson(revoked);
      else printLine(`Revoked "${revoked.name}". It stops working at once.`);
    });
  } else {
    throw new CliError(EXIT.usage, 'Usage', 'Usage: aikey tokens create|list|edit|regenerate|revoke');
  }
}

/** Puts the newest daily backup in place of a damaged database; the damaged file is kept. */
export async function restoreCommand(options: AdminOptions): Promise<void> {
  const wallet = createWallet({ dataDir: defaultDataDir() });
  try {
    assertVaultHere(wallet);
    const { backup } = await wallet.vault.restoreDamaged(
      await masterPassword({ passwordFile: options.passwordFile }),
    );
    const keys = wallet.keys.list().length;
    if (options.json) printJson({ restored: backup, keys });
    else {
      printLine(
        `Restored ${backup} (${keys} keys). The damaged file is kept beside it as vault.db.damaged-<time>.`,
      );
      printLine('Changes made after that backup was taken are not in it.');
    }
  } finally {
    wallet.close();
  }
}

export async function auditCommand(options: AdminOptions, limit: number): Promise<void> {
  await withUnlockedWallet(options, (wallet) => {
    const page = wallet.audit.list({ limit });
    if (options.json) return printJson(page);
    printTable([
      ['TIME', 'ACTOR', 'ACTION', 'TARGET', 'RESULT'],
      ...page.entries.map((e) => [
        formatTime(e.at),
        `${e.actorType}:${e.actorName}`,
        e.action,
        e.provider ? `${e.hubName ?? '?'}/${e.provider}/${e.keyName ?? '?'}` : (e.detail ?? ''),
        e.result,
      ]),
    ]);
  });
}
