// The endpoint's routes, after the guards in server.ts have passed. Each served key is checked
// against the token's scope, queued for usage and audit, and returned; nothing here logs a value.
import { AikeyError } from '#shared/errors.js';
import { envNamesFor, isProviderId, PROVIDER_IDS, type ProviderId } from '#shared/providers.js';
import type { KeySummary } from '#shared/schemas/keys.js';
import type { TokenSummary } from '#shared/schemas/tokens.js';
import type { Wallet } from '../wallet.js';
import { EndpointError, isoTime } from './responses.js';
import type { UsageRecorder } from './usage-recorder.js';

export interface RouteContext {
  wallet: Wallet;
  /** Where reads go to be counted and audited (a route may hold them back until it answers). */
  usage: Pick<UsageRecorder, 'add'>;
  token: TokenSummary;
  userAgent: string | undefined;
  now: () => number;
  /** Set by the broker: the key is used upstream, never handed over. */
  viaBroker?: boolean;
}

export interface ServedKey {
  key: KeySummary;
  secret: string;
}

function parseProvider(raw: string): ProviderId {
  const provider = decodeURIComponent(raw).toLowerCase();
  if (!isProviderId(provider)) {
    throw new EndpointError(
      'invalid_request',
      `Unknown provider. Known providers: ${PROVIDER_IDS.join(', ')}.`,
    );
  }
  return provider;
}

function hubScope(ctx: RouteContext, hubRef: string | null): string[] | null {
  const allowed = ctx.token.scope.hubs;
  if (hubRef === null) return allowed;
  const hub = ctx.wallet.keys.hubByRef(hubRef);
  if (!hub) throw new EndpointError('key_not_found', 'No hub with that name or id.');
  if (allowed !== null && !allowed.includes(hub.id)) {
    throw new EndpointError('out_of_scope', 'This token may not read keys from that hub.');
  }
  return [hub.id];
}

/** Records a refused read (when the vault is still open to take it) and throws the refusal. */
export function denyRead(
  ctx: RouteContext,
  provider: ProviderId,
  name: string,
  hubRef: string | null,
  error: EndpointError,
): never {
  if (ctx.wallet.vault.isUnlocked()) {
    ctx.usage.add({
      tokenId: ctx.token.id,
      tokenName: ctx.token.name,
      keyId: null,
      hubId: null,
      hubName: hubRef,
      provider,
      keyName: name,
      result: 'denied',
      userAgent: ctx.userAgent,
      at: ctx.now(),
    });
  }
  throw error;
}

/**
 * Finds, scope-checks, decrypts and records one key read. `inHub` is for a caller that already
 * picked the key from readableKeys (so its hub exists and is in scope): it spares a hub lookup.
 */
export function serveKey(
  ctx: RouteContext,
  provider: ProviderId,
  name: string,
  hubRef: string | null,
  inHub?: string,
): ServedKey {
  const deny = (error: EndpointError): never => denyRead(ctx, provider, name, hubRef, error);
  // A token with broker limits (models, rates, budgets) could escape them with the key itself.
  if (!ctx.viaBroker && ctx.wallet.tokens.policies.get(ctx.token.id) !== null) {
    deny(
      new EndpointError(
        'out_of_scope',
        'This token has broker limits: it may call providers through /proxy only.',
      ),
    );
  }
  const { scope } = ctx.token;
  if (scope.providers !== null && !scope.providers.includes(provider)) {
    deny(new EndpointError('out_of_scope', `This token may not read ${provider} keys.`));
  }
  if (scope.keyNames !== null && !scope.keyNames.includes(name)) {
    deny(new EndpointError('out_of_scope', 'This token may not read a key with that name.'));
  }
  let hubs: string[] | null;
  try {
    hubs = inHub === undefined ? hubScope(ctx, hubRef) : [inHub];
  } catch (error) {
    if (error instanceof EndpointError) return deny(error);
    throw error;
  }
  const found = ctx.wallet.keys.findLiveWithSecret(provider, name, hubs);
  if (!found) {
    return deny(
      new EndpointError('key_not_found', `No ${provider} key named "${name}" that this token may read.`),
    );
  }
  const { key, secret } = found;
  ctx.usage.add({
    tokenId: ctx.token.id,
    tokenName: ctx.token.name,
    keyId: key.id,
    hubId: key.hubId,
    hubName: key.hubName,
    provider,
    keyName: key.name,
    result: 'ok',
    userAgent: ctx.userAgent,
    at: ctx.now(),
  });
  return { key, secret };
}

/** The live keys this token may read (of one provider, when given), masked. */
export function readableKeys(ctx: RouteContext, provider?: ProviderId): KeySummary[] {
  const { scope } = ctx.token;
  // A provider's list is cached until the database changes (the cv-hub route reads it per request).
  const keys = provider === undefined ? ctx.wallet.keys.list() : ctx.wallet.keys.liveOfProvider(provider);
  return keys.filter(
    (k) =>
      (scope.hubs === null || scope.hubs.includes(k.hubId)) &&
      (scope.providers === null || scope.providers.includes(k.provider)) &&
      (scope.keyNames === null || scope.keyNames.includes(k.name)),
  );
}

export function keyView(served: ServedKey) {
  const { key, secret } = served;
  return {
    provider: key.provider,
    name: key.name,
    hub: key.hubName,
    key: secret,
    baseUrl: key.baseUrl,
    expiresAt: isoTime(key.expiresAt),
    envNames: envNamesFor(key.provider, key.name),
  };
}

export { parseProvider };

export function isVaultLocked(error: unknown): boolean {
  return error instanceof AikeyError && error.code === 'VaultLocked';
}
