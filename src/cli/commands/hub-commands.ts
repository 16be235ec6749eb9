// `aikey hubs list|invite|join|members|remove|leave|sync`: team hubs from the command line. Each
// opens the vault with the master password, like the other admin commands, and talks to the hub
// itself. An invite code is a one-time secret: it is read from a hidden prompt or standard input,
// never from argv; `invite` prints it once, for the person who hands it over.
import { parseExpiry } from '#shared/expiry.js';
import type { HubSyncResult } from '#shared/schemas/hubs.js';
import type { HubMembershipSummary } from '#core/sync/views.js';
import type { Wallet } from '#core/wallet.js';
import { CliError, EXIT } from '../exit-codes.js';
import { formatTime, printJson, printLine, printTable } from '../output.js';
import { promptHidden, readAll } from '../secret-input.js';
import { withUnlockedWallet, type AdminOptions } from './admin-commands.js';

const USAGE =
  'Usage: aikey hubs list|invite <hub>|join|members <hub>|remove <hub> <member>|leave <hub>|sync [hub]';

export interface HubFlags {
  role?: string | undefined;
  name?: string | undefined;
  expires?: string | undefined;
}

/** A team hub this wallet belongs to, by id or name. */
function teamHub(wallet: Wallet, ref: string | undefined, usage: string): HubMembershipSummary {
  if (!ref) throw new CliError(EXIT.usage, 'Usage', usage);
  const hub = wallet.hubs
    .memberships()
    .find((h) => h.hubId === ref || h.name.toLowerCase() === ref.toLowerCase());
  if (!hub)
    throw new CliError(EXIT.keyMissing, 'HubNotFound', 'No team hub with that name or id in this wallet.');
  return hub;
}

/** Invites live whole hours, 1 to 720 (the hub's bounds); the time is read like every --expires. */
function expiryHours(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const hours = Math.ceil((parseExpiry(text, Date.now()) - Date.now()) / 3_600_000);
  if (hours > 720) throw new CliError(EXIT.usage, 'Usage', '--expires for an invite is at most 30d (720h).');
  return Math.max(hours, 1);
}

async function inviteCodeInput(): Promise<string> {
  const code = process.stdin.isTTY
    ? await promptHidden('Invite code (input hidden): ')
    : (await readAll(process.stdin)).trim();
  if (!code)
    throw new CliError(EXIT.usage, 'Usage', 'Give the invite code at the prompt or on standard input.');
  return code;
}

function printSync(results: HubSyncResult[]): void {
  for (const r of results) {
    printLine(
      r.status === 'removed'
        ? `${r.hubId}: this device was removed from the hub; its local copy is wiped.`
        : r.status === 'pending'
          ? `${r.hubId}: waiting for an admin to approve this device.`
          : `${r.hubId}: pushed ${r.pushed}, pulled ${r.pulled}, conflicts ${r.conflicts}, approved ${r.approved}.`,
    );
    for (const problem of r.problems) printLine(`  warning (${problem.kind}): ${problem.detail}`);
  }
}

export async function hubsCommand(
  options: AdminOptions,
  sub: string | undefined,
  args: string[],
  flags: HubFlags,
): Promise<void> {
  switch (sub ?? 'list') {
    case 'list':
      return withUnlockedWallet(options, (wallet) => {
        const hubs = wallet.hubs.memberships();
        if (options.json) return printJson(hubs);
        if (hubs.length === 0) return printLine('No team hubs yet. Join one with `aikey hubs join`.');
        printTable([
          ['ID', 'NAME', 'ROLE', 'STATUS', 'KEY V', 'PENDING', 'LAST SYNC', 'URL'],
          ...hubs.map((h) => [
            h.hubId,
            h.name,
            h.role,
            h.lastError ? `${h.status} (last sync failed)` : h.status,
            String(h.keyVersion),
            String(h.pendingChanges),
            formatTime(h.lastSyncAt),
            h.hubUrl,
          ]),
        ]);
      });
    case 'join': {
      const code = await inviteCodeInput();
      return withUnlockedWallet(options, async (wallet) => {
        const hub = await wallet.hubs.join(code, flags.name ? { deviceName: flags.name } : {});
        if (options.json) return printJson(hub);
        printLine(
          hub.status === 'active'
            ? `Joined ${hub.name} (${hub.hubId}) as ${hub.role}.`
            : `Joined ${hub.name} (${hub.hubId}); waiting for the inviter to approve this device (run \`aikey hubs sync\` later).`,
        );
      });
    }
    case 'invite': {
      const role = flags.role ?? 'member';
      if (role !== 'member' && role !== 'admin')
        throw new CliError(EXIT.usage, 'Usage', '--role is member or admin.');
      const expiresInHours = expiryHours(flags.expires);
      return withUnlockedWallet(options, async (wallet) => {
        const hub = teamHub(
          wallet,
          args[0],
          'Usage: aikey hubs invite <hub> [--role member|admin] [--expires 7d]',
        );
        const invite = await wallet.hubs.createInvite(hub.hubId, {
          role,
          ...(expiresInHours === undefined ? {} : { expiresInHours }),
        });
        if (options.json) return printJson(invite);
        printLine(invite.code);
        printLine('');
        printLine(
          `One-time ${invite.role} invite to ${hub.name}, valid until ${formatTime(invite.expiresAt)}. Hand it over privately; ` +
            'the new device joins with `aikey hubs join`, and your next `aikey hubs sync` approves it.',
        );
      });
    }
    case 'members':
      return withUnlockedWallet(options, async (wallet) => {
        const hub = teamHub(wallet, args[0], 'Usage: aikey hubs members <hub>');
        const members = await wallet.hubs.memberView(hub.hubId);
        if (options.json) return printJson(members);
        printTable([
          ['MEMBER', 'DEVICE', 'ROLE', 'STATUS', 'KEYS'],
          ...members.map((m) => [m.memberId, m.deviceName, m.role, m.status, m.trust]),
        ]);
        if (members.some((m) => m.trust === 'swapped_key'))
          printLine(
            'warning: the hub presents swapped keys for some members; they get no hub key from this wallet.',
          );
      });
    case 'remove':
      return withUnlockedWallet(options, async (wallet) => {
        const usage = 'Usage: aikey hubs remove <hub> <member id | device name>';
        const hub = teamHub(wallet, args[0], usage);
        const ref = args[1];
        if (!ref) throw new CliError(EXIT.usage, 'Usage', usage);
        const members = await wallet.hubs.memberView(hub.hubId);
        const target = members.find((m) => m.memberId === ref || m.deviceName === ref);
        if (!target)
          throw new CliError(
            EXIT.keyMissing,
            'MemberNotFound',
            'No current member with that id or device name.',
          );
        const { keyVersion } = await wallet.hubs.removeMember(hub.hubId, target.memberId);
        if (options.json) return printJson({ hubId: hub.hubId, removed: target.memberId, keyVersion });
        printLine(
          `Removed ${target.deviceName}. The hub key is rotated to version ${keyVersion} and every key re-sealed.`,
        );
      });
    case 'leave':
      return withUnlockedWallet(options, async (wallet) => {
        const hub = teamHub(wallet, args[0], 'Usage: aikey hubs leave <hub>');
        await wallet.hubs.leave(hub.hubId);
        if (options.json) return printJson({ hubId: hub.hubId, left: true });
        printLine(`Left ${hub.name}. Its keys are removed from this wallet.`);
      });
    case 'sync':
      return withUnlockedWallet(options, async (wallet) => {
        const results = args[0]
          ? [await wallet.hubs.syncSummary(teamHub(wallet, args[0], USAGE).hubId)]
          : await wallet.hubs.syncAllSummaries();
        if (options.json) printJson(results);
        else if (results.length === 0) printLine('No team hubs to sync.');
        else printSync(results);
        // Scripts must notice: this device no longer belongs to a hub it synced.
        const removed = results.filter((r) => r.status === 'removed').map((r) => r.hubId);
        if (removed.length > 0) {
          throw new CliError(
            EXIT.removedFromHub,
            'MemberRemoved',
            `This device was removed from ${removed.join(', ')}; its local copy is wiped.`,
          );
        }
      });
    default:
      throw new CliError(EXIT.usage, 'Usage', USAGE);
  }
}
