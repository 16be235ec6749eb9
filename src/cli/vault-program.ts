// The commands that open the vault (or run the headless wallet), declared for commander. Each action
// imports its module when it runs, so none of the vault, drizzle or KDF code loads for the fetch
// commands.
import { Argument, Option, type Command } from 'commander';
import type { AdminOptions } from './commands/admin-commands.js';
import { CliError, EXIT } from './exit-codes.js';
import { example, jsonOption, type Outcome } from './command-options.js';
import { addMovingCommands, addTokenPolicyCommand } from './moving-program.js';

interface VaultFlags {
  json?: boolean;
  passwordFile?: string;
}

const admin = (o: VaultFlags): AdminOptions => ({ json: o.json ?? false, passwordFile: o.passwordFile });

/** Decimal digits only: Number() would also take "", " 80", "0x50" and "1e3". */
function wholeNumber(max: number, flag: string) {
  return (text: string): number => {
    if (text === '')
      throw new CliError(EXIT.usage, 'Usage', `${flag} needs a value; it was given an empty one.`);
    const n = /^\d{1,15}$/.test(text) ? Number(text) : Number.NaN;
    if (!(n <= max))
      throw new CliError(EXIT.usage, 'Usage', `${flag} takes a whole number from 0 to ${max}.`);
    return n;
  };
}

/** A command that opens the vault: the password flag and --json. */
function vaultCommand(parent: Command, name: string, summary: string): Command {
  return parent
    .command(name)
    .description(summary)
    .addOption(jsonOption())
    .option(
      '--password-file <file>',
      'read the master password from this file (else AIKEY_PASSWORD_FILE or a prompt)',
    );
}

function addKeysCommands(program: Command): void {
  const keys = program.command('keys').description('add, list, edit, reveal and remove keys');
  const keyFlags = (c: Command) =>
    c
      .option('--notes <text>', 'a note shown beside the key')
      .option('--base-url <url>', 'a base URL for this key (a proxy or a compatible API)')
      .option('--expires <when>', 'when the key expires: 30d, 12h, 2027-01-31 (edit: none clears it)');
  type KeyFlagsIn = VaultFlags & {
    name?: string;
    hub?: string;
    notes?: string;
    baseUrl?: string;
    expires?: string;
    deleted?: boolean;
    value?: boolean;
  };
  const run = async (sub: string, args: string[], o: KeyFlagsIn) => {
    const { keysCommand } = await import('./commands/admin-commands.js');
    const { name, hub, notes, baseUrl, expires } = o;
    await keysCommand(admin(o), sub, args, {
      name,
      hub,
      notes,
      baseUrl,
      expires,
      deleted: o.deleted ?? false,
    });
  };
  example(
    keyFlags(
      vaultCommand(keys, 'add', 'add a key; the value comes from stdin or a hidden prompt')
        .argument('<provider>', 'openai, anthropic, google, …')
        .option('--name <name>', 'a name for the key (default: "default")')
        .option('--hub <hub>', 'the hub to put it in (default: Personal)'),
    ),
    'pbpaste | aikey keys add anthropic --name work --expires 90d',
  ).action((provider: string, o: KeyFlagsIn) => run('add', [provider], o));
  example(
    vaultCommand(keys, 'list', 'list the keys (masked)').option('--deleted', 'list deleted keys instead'),
    'aikey keys list --json',
  ).action((o: KeyFlagsIn) => run('list', [], o));
  for (const [name, summary] of [
    ['rm', 'delete a key (it can be restored)'],
    ['restore', 'bring back a deleted key'],
  ] as const) {
    example(
      vaultCommand(keys, name, summary).argument('<key>', 'the key: its id, or provider/name'),
      `aikey keys ${name} openai/work`,
    ).action((ref: string, o: KeyFlagsIn) => run(name, [ref], o));
  }
  example(
    keyFlags(
      vaultCommand(keys, 'edit', 'change a key; --value replaces its value (a rotation)')
        .argument('<key>', 'the key: its id, or provider/name')
        .option('--name <name>', 'rename the key')
        .option('--value', 'read a new value from stdin or a hidden prompt'),
    ),
    'pbpaste | aikey keys edit openai/work --value',
  ).action(async (ref: string, o: KeyFlagsIn) => {
    const { keysEditCommand } = await import('./commands/account-commands.js');
    const { name, notes, baseUrl, expires, value } = o;
    await keysEditCommand(admin(o), [ref], { name, notes, baseUrl, expires, value });
  });
  example(
    vaultCommand(keys, 'reveal', 'print a key (audited); to a terminal only with --show')
      .argument('<key>', 'the key: its id, or provider/name')
      .option('--show', 'print it even when stdout is a terminal'),
    'aikey keys reveal anthropic/work | pbcopy',
  ).action(async (ref: string, o: VaultFlags & { show?: boolean }) => {
    const { keysRevealCommand } = await import('./commands/account-commands.js');
    await keysRevealCommand(admin(o), [ref], o.show ?? false);
  });
}

function addTokensCommands(program: Command): void {
  const tokens = program.command('tokens').description('create, edit and revoke access tokens');
  const scopeFlags = (c: Command, all: string) =>
    c
      .option('--providers <list>', `comma-separated providers the token may read${all}`)
      .option('--hub <hub>', `the one hub it may read${all}`)
      .option('--keys <list>', `comma-separated key names it may read${all}`)
      .option('--expires <when>', 'when it expires: 30d, 12h, 2027-01-31 (edit: none clears it)');
  type TokenFlagsIn = VaultFlags & { providers?: string; hub?: string; keys?: string; expires?: string };
  const flags = (o: TokenFlagsIn) => ({
    providers: o.providers,
    hub: o.hub,
    keys: o.keys,
    expires: o.expires,
  });
  const run = async (sub: string, args: string[], o: TokenFlagsIn) => {
    const { tokensCommand } = await import('./commands/admin-commands.js');
    await tokensCommand(admin(o), sub, args, flags(o));
  };
  example(
    scopeFlags(vaultCommand(tokens, 'create', 'create a token; it is printed once').argument('<name>'), ''),
    'aikey tokens create ci --providers openai --expires 30d',
  ).action((name: string, o: TokenFlagsIn) => run('create', [name], o));
  example(vaultCommand(tokens, 'list', 'list the tokens (never their values)'), 'aikey tokens list').action(
    (o: TokenFlagsIn) => run('list', [], o),
  );
  for (const [name, summary] of [
    ['regenerate', 'replace a token with a new value (the old one stops working)'],
    ['revoke', 'revoke a token'],
  ] as const) {
    example(
      vaultCommand(tokens, name, summary).argument('<token>', 'the token: its id or name'),
      `aikey tokens ${name} ci`,
    ).action((ref: string, o: TokenFlagsIn) => run(name, [ref], o));
  }
  addTokenPolicyCommand(tokens);
  example(
    scopeFlags(
      vaultCommand(tokens, 'edit', 'change what a token may read, or when it expires').argument(
        '<token>',
        'the token: its id or name',
      ),
      ' ("all" lifts the limit)',
    ),
    'aikey tokens edit ci --providers openai,anthropic --expires none',
  ).action(async (ref: string, o: TokenFlagsIn) => {
    const { tokensEditCommand } = await import('./commands/account-commands.js');
    await tokensEditCommand(admin(o), [ref], flags(o));
  });
}

function addHubsCommands(program: Command): void {
  const hubs = program.command('hubs').description('team hubs, synced end-to-end encrypted');
  type HubFlagsIn = VaultFlags & { role?: string; name?: string; expires?: string };
  const run = async (sub: string, args: string[], o: HubFlagsIn) => {
    const { hubsCommand } = await import('./commands/hub-commands.js');
    await hubsCommand(admin(o), sub, args, { role: o.role, name: o.name, expires: o.expires });
  };
  const table: [string, string, string[], string][] = [
    ['list', 'the hubs this wallet belongs to', [], 'aikey hubs list'],
    ['sync', 'sync one hub, or every hub', ['[hub]'], 'aikey hubs sync acme'],
    ['members', "a hub's members and their devices", ['<hub>'], 'aikey hubs members acme'],
    ['leave', 'leave a hub (its keys leave this wallet)', ['<hub>'], 'aikey hubs leave acme'],
    ['remove', 'remove a member (rotates the hub key)', ['<hub>', '<member>'], 'aikey hubs remove acme bob'],
  ];
  for (const [name, summary, args, sample] of table) {
    const command = vaultCommand(hubs, name, summary);
    for (const arg of args) command.addArgument(new Argument(arg));
    example(command, sample).action((...params: unknown[]) => {
      const o = params[args.length] as HubFlagsIn;
      return run(
        name,
        params.slice(0, args.length).filter((p): p is string => typeof p === 'string'),
        o,
      );
    });
  }
  example(
    vaultCommand(hubs, 'join', 'join a hub with an invite code (hidden prompt or stdin)').option(
      '--name <device>',
      'what to call this device in the hub',
    ),
    'aikey hubs join --name laptop',
  ).action((o: HubFlagsIn) => run('join', [], o));
  example(
    vaultCommand(hubs, 'invite', 'create an invite code for a new member')
      .argument('<hub>')
      .option('--role <role>', 'member or admin', 'member')
      .option('--expires <when>', 'how long the invite is valid (default 7d)'),
    'aikey hubs invite acme --role admin --expires 2d',
  ).action((hub: string, o: HubFlagsIn) => run('invite', [hub], o));
}

export function addVaultCommands(program: Command, outcome: Outcome): void {
  example(
    vaultCommand(program, 'init', 'create the vault; prints the recovery key once'),
    'aikey init',
  ).action(async (o: VaultFlags) => (await import('./commands/admin-commands.js')).initCommand(admin(o)));
  example(
    vaultCommand(program, 'passwd', 'change the master password (the new one is asked twice)').option(
      '--new-password-file <file>',
      'read the new password from this file',
    ),
    'aikey passwd',
  ).action(async (o: VaultFlags & { newPasswordFile?: string }) => {
    const { passwdCommand } = await import('./commands/account-commands.js');
    await passwdCommand({ ...admin(o), newPasswordFile: o.newPasswordFile });
  });
  example(
    vaultCommand(program, 'recover', 'set a new password with the recovery key; prints a new recovery key')
      .option('--recovery-key-file <file>', 'read the recovery key from this file')
      .option('--new-password-file <file>', 'read the new password from this file'),
    'aikey recover',
  ).action(async (o: VaultFlags & { newPasswordFile?: string; recoveryKeyFile?: string }) => {
    const { recoverCommand } = await import('./commands/account-commands.js');
    await recoverCommand({
      ...admin(o),
      newPasswordFile: o.newPasswordFile,
      recoveryKeyFile: o.recoveryKeyFile,
    });
  });
  addKeysCommands(program);
  addTokensCommands(program);
  example(
    vaultCommand(program, 'audit', 'the newest audit entries').option(
      '--limit <n>',
      'how many (1 to 500, default 50)',
      wholeNumber(500, '--limit'),
    ),
    'aikey audit --limit 20',
  ).action(async (o: VaultFlags & { limit?: number }) => {
    const { auditCommand } = await import('./commands/admin-commands.js');
    await auditCommand(admin(o), o.limit || 50);
  });
  example(
    vaultCommand(program, 'restore', 'put the newest backup in place of a damaged vault'),
    'aikey restore',
  ).action(async (o: VaultFlags) => (await import('./commands/admin-commands.js')).restoreCommand(admin(o)));
  addHubsCommands(program);
  addMovingCommands(program, outcome);
  for (const [name, summary] of [
    ['serve', 'unlock and serve keys to tokens until stopped (the headless wallet)'],
    ['unlock', 'the same as aikey serve'],
  ] as const) {
    example(
      vaultCommand(program, name, summary).option(
        '--port <port>',
        'the loopback port (default 47821; 0 picks one)',
        wholeNumber(65_535, '--port'),
      ),
      `aikey ${name} --port 47821`,
    ).action(async (o: VaultFlags & { port?: number }) => {
      const { serveCommand } = await import('./commands/serve.js');
      outcome.exitCode = await serveCommand({ ...admin(o), port: o.port });
    });
  }
  example(
    program
      .command('usage')
      .description('what the broker forwarded: requests, tokens and cost (no password needed)')
      .addOption(jsonOption())
      .addOption(
        new Option('--by <grouping>', 'group by')
          .choices(['token', 'key', 'model', 'provider', 'day'])
          .default('day'),
      )
      .option('--since <when>', 'from when: 7d, 24h, 2w or a date (default 7d)'),
    'aikey usage --by model --since 30d',
  ).action(async (o: { json?: boolean; by?: string; since?: string }) => {
    const { usageCommand } = await import('./commands/usage-commands.js');
    usageCommand({ json: o.json ?? false, by: o.by, since: o.since });
  });
  example(
    program
      .command('lock')
      .description("stop this data directory's aikey serve (which locks it)")
      .addOption(jsonOption()),
    'aikey lock',
  ).action(async (o: VaultFlags) =>
    (await import('./commands/lock.js')).lockCommand({ json: o.json ?? false }),
  );
}
