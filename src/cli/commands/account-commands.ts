// What the desktop app's Settings and edit dialogs do, for a machine without the desktop: passwd,
// recover, keys edit, keys reveal and tokens edit. Each reads its secrets (never from argv), calls
// one service method as CLI_ACTOR and prints; the services write the audit entries, so the CLI and
// the desktop leave the same trail. Nothing is asked for or unlocked until the flags make sense.
import { parseRecoveryKey } from '#core/crypto/recovery.js';
import { defaultDataDir } from '#core/vault/paths.js';
import { createWallet, type Wallet } from '#core/wallet.js';
import { parseExpiry } from '#shared/expiry.js';
import type { ProviderId } from '#shared/providers.js';
import type { TokenSummary } from '#shared/schemas/tokens.js';
import { CliError, EXIT } from '../exit-codes.js';
import { formatTime, printJson, printLine } from '../output.js';
import { masterPassword, newMasterPassword, providerSecret, recoveryKeyInput } from '../secret-input.js';
import {
  CLI_ACTOR,
  hubId,
  keyRef,
  withUnlockedWallet,
  type AdminOptions,
  type TokenFlags,
} from './admin-commands.js';

export interface PasswordOptions extends AdminOptions {
  newPasswordFile?: string | undefined;
  recoveryKeyFile?: string | undefined;
}

async function withVault<T>(run: (wallet: Wallet) => Promise<T>): Promise<T> {
  const wallet = createWallet({ dataDir: defaultDataDir() });
  try {
    if (!wallet.vault.exists()) {
      throw new CliError(EXIT.vault, 'VaultNotFound', 'No vault here yet. Create one with `aikey init`.');
    }
    return await run(wallet);
  } finally {
    wallet.close();
  }
}

/** `aikey passwd`: the current password is proved (unlock) before the new one is asked for. */
export async function passwdCommand(options: PasswordOptions): Promise<void> {
  await withVault(async (wallet) => {
    const current = await masterPassword({ passwordFile: options.passwordFile });
    await wallet.vault.unlock(current);
    const next = await newMasterPassword(options.newPasswordFile);
    await wallet.masterPassword.change(current, next, CLI_ACTOR);
    if (options.json) printJson({ changed: true });
    else printLine('Master password changed. The recovery key stays the same.');
  });
}

/** `aikey recover`: the recovery key opens the vault, sets a new password and is replaced. */
export async function recoverCommand(options: PasswordOptions): Promise<void> {
  await withVault(async (wallet) => {
    const typed = await recoveryKeyInput(options.recoveryKeyFile);
    // A mistyped length is refused before the new password is asked for; whether it opens the
    // vault is for the vault to say (under its attempt backoff).
    parseRecoveryKey(typed).fill(0);
    const next = await newMasterPassword(options.newPasswordFile);
    const { recoveryKey } = await wallet.masterPassword.recover(typed, next, CLI_ACTOR);
    if (options.json) return printJson({ recoveryKey });
    printLine('The master password is set and the vault opens with it.');
    printLine('');
    printLine(`New recovery key: ${recoveryKey}`);
    printLine('');
    printLine(
      'The old recovery key no longer works. Write this one down and keep it offline: it is shown this once.',
    );
  });
}

const expiryChange = (text: string | undefined): number | null | undefined =>
  text === undefined ? undefined : text === 'none' ? null : parseExpiry(text, Date.now());

export interface KeyEditFlags {
  name?: string | undefined;
  notes?: string | undefined;
  baseUrl?: string | undefined;
  expires?: string | undefined;
  value?: boolean | undefined;
}

const KEY_EDIT_USAGE =
  'Usage: aikey keys edit <id | provider[/name]> [--name N] [--notes T] [--base-url U] [--expires 30d|none] [--value]';

/** `aikey keys edit`: metadata, and with --value a new key value (a rotation) from stdin or a prompt. */
export async function keysEditCommand(
  options: AdminOptions,
  args: string[],
  flags: KeyEditFlags,
): Promise<void> {
  const ref = args[0];
  // One reference only: a stray word may be a key value typed where it must not go (argv).
  if (!ref || args.length > 1) throw new CliError(EXIT.usage, 'Usage', KEY_EDIT_USAGE);
  const { name, notes, baseUrl, value } = flags;
  const expiresAt = expiryChange(flags.expires);
  if ([name, notes, baseUrl, expiresAt].every((v) => v === undefined) && !value) {
    throw new CliError(
      EXIT.usage,
      'Usage',
      'Nothing to change: give --name, --notes, --base-url, --expires or --value.',
    );
  }
  const secret = value ? await providerSecret() : undefined;
  await withUnlockedWallet(options, (wallet) => {
    const key = wallet.keys.update(
      {
        id: keyRef(wallet, ref, 'live'),
        name,
        // An empty --notes or --base-url clears it.
        notes: notes === undefined ? undefined : notes || null,
        baseUrl: baseUrl === undefined ? undefined : baseUrl || null,
        expiresAt,
        secret,
      },
      CLI_ACTOR,
    );
    if (options.json) return printJson(key);
    printLine(
      secret === undefined
        ? `Updated ${key.provider}/${key.name} (${key.hubName}).`
        : `Replaced the value of ${key.provider}/${key.name} (${key.hubName}): now ${key.masked}, was ${key.previousMasked ?? '-'}.`,
    );
  });
}

export const TERMINAL_REFUSAL = 'refusing to print a key to the terminal; pass --show, or pipe it';

/** `aikey keys reveal`: the value, audited as a reveal; not onto a terminal unless --show. */
export async function keysRevealCommand(options: AdminOptions, args: string[], show: boolean): Promise<void> {
  const ref = args[0];
  if (!ref || args.length > 1)
    throw new CliError(EXIT.usage, 'Usage', 'Usage: aikey keys reveal <id | provider[/name]> [--show]');
  if (process.stdout.isTTY && !show) throw new CliError(EXIT.usage, 'Terminal', TERMINAL_REFUSAL);
  await withUnlockedWallet(options, (wallet) => {
    const id = keyRef(wallet, ref, 'live');
    const secret = wallet.keys.reveal(id, CLI_ACTOR);
    const key = wallet.keys.get(id);
    if (options.json)
      printJson({ id, provider: key.provider, name: key.name, hub: key.hubName, key: secret });
    else process.stdout.write(`${secret}\n`);
  });
}

const listChange = (text: string | undefined): string[] | null | undefined =>
  text === undefined ? undefined : text === 'all' ? null : text.split(',').map((part) => part.trim());

function describeToken(wallet: Wallet, token: TokenSummary): string {
  const { providers, hubs, keyNames } = token.scope;
  const hubNames = hubs?.map((id) => wallet.keys.hubByRef(id)?.name ?? id);
  return [
    `providers ${providers?.join(',') ?? 'all'}`,
    `hubs ${hubNames?.join(',') ?? 'all'}`,
    `keys ${keyNames?.join(',') ?? 'all'}`,
    `expires ${token.expiresAt === null ? 'never' : formatTime(token.expiresAt)}`,
    `ask before use ${token.askBeforeUse ? 'on' : 'off'}`,
  ].join('; ');
}

/** `aikey tokens edit`: scope and expiry; the token's value never changes. */
export async function tokensEditCommand(
  options: AdminOptions,
  args: string[],
  flags: TokenFlags,
): Promise<void> {
  const ref = args[0];
  if (!ref || args.length > 1) {
    throw new CliError(
      EXIT.usage,
      'Usage',
      'Usage: aikey tokens edit <id | name> [--providers a,b|all] [--hub H|all] [--keys n1,n2|all] [--expires 30d|none] [--ask|--no-ask]',
    );
  }
  const providers = listChange(flags.providers);
  const keyNames = listChange(flags.keys);
  const expiresAt = expiryChange(flags.expires);
  if ([providers, keyNames, expiresAt, flags.hub, flags.ask].every((v) => v === undefined)) {
    throw new CliError(
      EXIT.usage,
      'Usage',
      'Nothing to change: give --providers, --hub, --keys, --expires or --ask/--no-ask.',
    );
  }
  await withUnlockedWallet(options, (wallet) => {
    const token = wallet.tokens.find(ref);
    const hub = flags.hub;
    const hubs = hub === undefined ? undefined : hub === 'all' ? null : [hubId(wallet, hub)!];
    const updated = wallet.tokens.update(
      token.id,
      {
        // The core checks each name against the provider list.
        scope: { providers: providers as ProviderId[] | null | undefined, hubs, keyNames },
        ...(expiresAt !== undefined ? { expiresAt } : {}),
        ...(flags.ask !== undefined ? { askBeforeUse: flags.ask } : {}),
      },
      CLI_ACTOR,
    );
    if (options.json) return printJson(updated);
    printLine(`Updated "${updated.name}": ${describeToken(wallet, updated)}. Its value is unchanged.`);
  });
}
