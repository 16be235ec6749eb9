// The renderer is untrusted, so the router is tested as an attacker would use it: calls from a
// foreign page are Forbidden before anything runs, an unknown channel is a typed error, and every
// channel fed malformed input (fast-check: anything, including what structured clone can carry, and
// near misses of a valid call) answers InvalidInput without throwing, without Internal, without
// echoing a planted secret, and without changing the vault or the settings, locked or unlocked.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeInviteCode } from '#shared/hub-protocol.js';
import { IPC_CHANNELS, type IpcChannel, type IpcResult } from '#shared/ipc/channels.js';
import { IPC_CONTRACT, type IpcInput } from '#shared/ipc/contract.js';
import { SAMPLE_KEYS, STRONG_PASSWORD } from '../../helpers/temp-wallet.js';
import { APP_ORIGIN, newDesktop, type TestDesktop } from '../fixtures.js';

const PLANTED = 'sk-planted-secret-7f3a9c1e5b';
const ID = '00000000-0000-4000-8000-000000000000';
const HUB_ID = 'hhhhhhhhhhhh';
/** A well-formed invite to a hub nobody runs (port 9 on loopback refuses at once). */
const INVITE_CODE = encodeInviteCode({
  u: 'http://127.0.0.1:9',
  h: HUB_ID,
  i: 'iiiiiiiiiiii',
  s: 'A'.repeat(43),
  f: null,
});

/** One well-formed call per channel: the seed for near misses, and proof the seeds are valid. */
const VALID_INPUTS: { [C in IpcChannel]: IpcInput<C> } = {
  'vault:status': undefined,
  'vault:passwordStrength': { password: 'a b c' },
  'vault:create': { password: STRONG_PASSWORD },
  'vault:unlock': { password: STRONG_PASSWORD },
  'vault:unlockWithKeychain': undefined,
  'vault:lock': undefined,
  'vault:changePassword': { currentPassword: STRONG_PASSWORD, newPassword: STRONG_PASSWORD },
  'vault:recover': { recoveryKey: 'AAAA-BBBB', newPassword: STRONG_PASSWORD },
  'vault:restoreBackup': { password: STRONG_PASSWORD },
  'keychain:status': undefined,
  'keychain:enable': { password: STRONG_PASSWORD },
  'keychain:disable': undefined,
  'hubs:list': undefined,
  'hubs:join': { code: INVITE_CODE, deviceName: 'laptop' },
  'hubs:invite': { hubId: HUB_ID, role: 'member' },
  'hubs:members': { hubId: HUB_ID },
  'hubs:removeMember': { hubId: HUB_ID, memberId: 'mmmmmmmmmmmm' },
  'hubs:leave': { hubId: HUB_ID },
  'clipboard:copySecret': { id: ID },
  'clipboard:copyOneTime': { text: 'aik_one_time' },
  'hubs:sync': { hubId: HUB_ID },
  'keys:list': { provider: 'openai', search: 'x', state: 'live', limit: 200, offset: 0 },
  'keys:changes': undefined,
  'keys:create': { provider: 'groq', name: 'fuzz', secret: SAMPLE_KEYS.groq, notes: 'n' },
  'keys:update': { id: ID, name: 'renamed', notes: null },
  'keys:reveal': { id: ID },
  'keys:remove': { id: ID },
  'keys:restore': { id: ID },
  'keys:purge': { id: ID },
  'keys:validate': { provider: 'custom', secret: 'abc', baseUrl: 'http://127.0.0.1:9/v1' },
  'tokens:list': undefined,
  'tokens:create': { name: 'fuzz', scope: { providers: ['openai'] }, expiresAt: null },
  'tokens:regenerate': { id: ID },
  'tokens:revoke': { id: ID },
  'tokens:policy': { id: ID },
  'tokens:setPolicy': { id: ID, policy: { requestsPerMinute: 60 } },
  'tokens:update': { id: ID, changes: { askBeforeUse: true } },
  'approvals:pending': undefined,
  'approvals:answer': { id: 'prompt-1', verdict: 'minutes', minutes: 30 },
  'approvals:grants': { tokenId: ID },
  'approvals:revoke': { id: 'grant-1' },
  'audit:list': { limit: 10, offset: 0, result: 'ok' },
  'settings:get': undefined,
  'settings:set': { autoLockMinutes: 15, lockOnSuspend: true },
  'endpoint:status': undefined,
  'cli:status': undefined,
  'cli:install': undefined,
  'usage:report': { days: 7 },
  'import:scan': { from: 'computer' },
  'import:scanDropped': { name: 'keys.env', text: 'MODEL=x\n' },
  'import:cancel': undefined,
  'import:run': { select: [1], hubId: HUB_ID, replace: false },
  'activity:ping': undefined,
};

/** Everything Electron's structured clone can deliver, not only JSON. */
const ANYTHING = {
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  maxDepth: 3,
} as const;

const wrongValue = fc.oneof(
  fc.anything(ANYTHING),
  fc.constantFrom<unknown>(PLANTED, null, '', -1, 1.5, 1e308, Number.NaN, true, [], {}),
  fc.string({ maxLength: 9000 }),
);

function nearMisses(sample: unknown): fc.Arbitrary<unknown> {
  const base: fc.Arbitrary<unknown>[] = [
    fc.constantFrom<unknown>(null, {}, [], 0, '', PLANTED, [sample], JSON.stringify(sample) ?? 'undefined'),
  ];
  if (typeof sample !== 'object' || sample === null) return fc.oneof(...base);
  const fields = Object.keys(sample);
  return fc.oneof(
    ...base,
    wrongValue.map((value) => ({ ...sample, unexpectedField: value })),
    fc
      .constantFrom(...fields)
      .map((field) => Object.fromEntries(Object.entries(sample).filter(([k]) => k !== field))),
    fc.tuple(fc.constantFrom(...fields), wrongValue).map(([field, value]) => ({ ...sample, [field]: value })),
  );
}

function malformed(channel: IpcChannel): fc.Arbitrary<unknown> {
  const schema = IPC_CONTRACT[channel].input;
  return fc
    .oneof(fc.anything(ANYTHING), nearMisses(VALID_INPUTS[channel]))
    .filter((input) => !schema.safeParse(input).success);
}

function expectTypedFailure(result: IpcResult<unknown>, code: string): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error.code).toBe(code);
  expect(typeof result.error.message).toBe('string');
  expect(JSON.stringify(result)).not.toContain(PLANTED);
}

type VaultState = 'no vault' | 'locked' | 'unlocked';
const STATES: readonly VaultState[] = ['no vault', 'locked', 'unlocked'];

async function desktopIn(state: VaultState): Promise<TestDesktop> {
  const desktop = newDesktop();
  if (state === 'no vault') return desktop;
  await desktop.call('vault:create', { password: STRONG_PASSWORD });
  await desktop.call('keys:create', { provider: 'openai', secret: SAMPLE_KEYS.openai });
  if (state === 'locked') desktop.wallet.vault.lock();
  return desktop;
}

/** What a malformed call must never change. */
async function snapshot(desktop: TestDesktop) {
  const status = await desktop.call('vault:status');
  return {
    status,
    settings: await desktop.call('settings:get'),
    keys: status.unlocked ? (await desktop.call('keys:list', {})).length : null,
    tokens: status.unlocked ? (await desktop.call('tokens:list')).length : null,
  };
}

describe('the sender check', () => {
  it.each([
    null,
    'https://evil.example',
    'null',
    '',
    'file://',
    'app://evil',
    'app://aikey.evil.example',
    'http://localhost:5173',
  ])('refuses every channel from %j with Forbidden, before anything runs', async (origin) => {
    const desktop = newDesktop();
    for (const channel of IPC_CHANNELS) {
      expectTypedFailure(await desktop.router.invoke(channel, origin, VALID_INPUTS[channel]), 'Forbidden');
    }
    expect(desktop.wallet.vault.exists()).toBe(false);
  });
});

describe('unknown channels', () => {
  it.each(['vault:delete', 'keys:list ', 'KEYS:LIST', 'invoke', '__proto__', 'constructor', 'toString', ''])(
    'answers %j with a typed InvalidInput, whatever the origin',
    async (channel) => {
      const desktop = newDesktop();
      for (const origin of [APP_ORIGIN, 'https://evil.example']) {
        const result = await desktop.router.invoke(channel, origin, {});
        expectTypedFailure(result, 'InvalidInput');
        expect(!result.ok && result.error.message).toBe('There is no such operation.');
      }
    },
  );
});

describe('malformed input on every channel', () => {
  it('starts from valid seeds, so every near miss is one step from a real call', () => {
    for (const channel of IPC_CHANNELS) {
      expect(IPC_CONTRACT[channel].input.safeParse(VALID_INPUTS[channel]).success, channel).toBe(true);
    }
  });

  for (const state of STATES) {
    it(`answers InvalidInput and changes nothing (${state})`, async () => {
      const desktop = await desktopIn(state);
      const before = await snapshot(desktop);
      for (const channel of IPC_CHANNELS) {
        await fc.assert(
          fc.asyncProperty(malformed(channel), async (input) => {
            expectTypedFailure(await desktop.router.invoke(channel, APP_ORIGIN, input), 'InvalidInput');
          }),
          { numRuns: 60 },
        );
      }
      expect(await snapshot(desktop)).toEqual(before);
    });
  }
});

describe('well-formed calls that name nothing, locked and unlocked', () => {
  for (const state of ['locked', 'unlocked'] as const) {
    it(`answer with a value or a typed error, never Internal (${state})`, async () => {
      const desktop = await desktopIn(state);
      for (const channel of IPC_CHANNELS) {
        if (state === 'unlocked') await desktop.wallet.vault.unlock(STRONG_PASSWORD);
        else desktop.wallet.vault.lock();
        const result = await desktop.router.invoke(channel, APP_ORIGIN, VALID_INPUTS[channel]);
        expect(result.ok ? 'ok' : result.error.code, channel).not.toBe('Internal');
      }
    });
  }
});
