// The endpoint's OpenAPI document as the contract tests read it: its types, the codes and paths it
// must cover, JSON Schema checks compiled through zod, and a wallet serving a key on every route.
import { readFileSync } from 'node:fs';
import { afterEach } from 'vitest';
import { z } from 'zod';
import { NO_ONE_TO_ASK, type ApprovalGate } from '#core/endpoint/approval-gate.js';
import { EndpointError, type EndpointErrorCode } from '#core/endpoint/responses.js';
import { startEndpoint, type RunningEndpoint } from '#core/endpoint/server.js';
import type { Wallet } from '#core/wallet.js';
import { SAMPLE_KEYS, unlockedWallet } from '../../helpers/temp-wallet.js';

export interface JsonSchema {
  $ref?: string;
  enum?: (string | number | boolean | null)[];
  [keyword: string]: unknown;
}
interface HeaderObject {
  required?: boolean;
  schema: JsonSchema;
}
interface ResponseObject {
  description: string;
  headers?: Record<string, HeaderObject>;
  content?: Record<string, { schema: JsonSchema }>;
}
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema: JsonSchema;
}
interface Operation {
  operationId: string;
  security?: unknown[];
  parameters?: Parameter[];
  responses: Record<string, ResponseObject | { $ref: string }>;
}
interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  security: Record<string, string[]>[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    securitySchemes: Record<string, { type: string; scheme?: string }>;
    responses: Record<string, ResponseObject>;
    schemas: Record<string, JsonSchema>;
  };
}

export const doc = JSON.parse(
  readFileSync(new URL('../../../openapi/aikey-endpoint.json', import.meta.url), 'utf8'),
) as OpenApiDocument;

/** Mirrors the routes in server.ts: a route added there without a line here and in the document fails. */
export const SERVED_PATHS = [
  '/health',
  '/v1/whoami',
  '/v1/keys',
  '/v1/keys/{provider}',
  '/v1/env',
  '/v1/resolve',
  '/api/keys',
  '/api/keys/provider/{provider}',
];

/** The broker's routes (src/core/broker): any method on /proxy, and the session routes. */
export const BROKER_PATHS: Record<string, string[]> = {
  '/proxy/{provider}/{path}': ['get', 'post', 'put', 'patch', 'delete'],
  '/proxy-origin/{provider}/{path}': ['get', 'post', 'put', 'patch', 'delete'],
  '/v1/broker/sessions': ['post'],
  '/v1/broker/sessions/{id}': ['delete'],
};

/** Every EndpointErrorCode; tsc fails below if responses.ts gains a code this list lacks. */
export const ALL_CODES = [
  'bad_host',
  'origin_forbidden',
  'unauthorized',
  'token_expired',
  'vault_locked',
  'out_of_scope',
  'key_not_found',
  'not_found',
  'method_not_allowed',
  'invalid_request',
  'payload_too_large',
  'rate_limited',
  'vault_corrupt',
  'vault_busy',
  'model_not_allowed',
  'budget_exhausted',
  'bad_gateway',
  'upstream_timeout',
  'approval_denied',
  'approval_unavailable',
  'internal',
] as const satisfies readonly EndpointErrorCode[];
type UnlistedCode = Exclude<EndpointErrorCode, (typeof ALL_CODES)[number]>;
export const everyCodeListed: [UnlistedCode] extends [never] ? true : never = true;

/** Makes the wallet's key reads and lists fail as SQLite fails (code only, as better-sqlite3 throws it). */
export async function withStorageFailure<T>(wallet: Wallet, code: string, run: () => Promise<T>): Promise<T> {
  const findLiveWithSecret = wallet.keys.findLiveWithSecret.bind(wallet.keys);
  const list = wallet.keys.list.bind(wallet.keys);
  const fail = () => {
    throw Object.assign(new Error('sqlite says no'), { code });
  };
  wallet.keys.findLiveWithSecret = fail;
  wallet.keys.list = fail;
  try {
    return await run();
  } finally {
    wallet.keys.findLiveWithSecret = findLiveWithSecret;
    wallet.keys.list = list;
  }
}

const compiled = new Map<string, z.ZodType>();
/** The document's JSON Schema as zod, with #/components/schemas refs served from $defs. */
function compile(schema: JsonSchema): z.ZodType {
  const text = JSON.stringify(schema);
  let validator = compiled.get(text);
  if (!validator) {
    const withDefs = JSON.stringify({ ...schema, $defs: doc.components.schemas }).replaceAll(
      '#/components/schemas/',
      '#/$defs/',
    );
    validator = z.fromJSONSchema(JSON.parse(withDefs) as JsonSchema);
    compiled.set(text, validator);
  }
  return validator;
}

export function responseOf(operation: Operation, status: string): ResponseObject {
  const response = operation.responses[status];
  if (!response) throw new Error(`No ${status} response documented for ${operation.operationId}.`);
  if ('$ref' in response) {
    const resolved = doc.components.responses[response.$ref.replace('#/components/responses/', '')];
    if (!resolved) throw new Error(`Dangling ${response.$ref}.`);
    return resolved;
  }
  return response;
}

export function jsonSchemaOf(response: ResponseObject): JsonSchema {
  const schema = response.content?.['application/json']?.schema;
  if (!schema) throw new Error(`"${response.description}" has no application/json schema.`);
  return schema;
}

/** The error codes a documented error response admits, found by validating each known code. */
export function codesOf(response: ResponseObject): EndpointErrorCode[] {
  const validator = compile(jsonSchemaOf(response));
  return ALL_CODES.filter((code) => validator.safeParse({ error: { code, message: 'm' } }).success);
}

export function issuesOf(schema: JsonSchema, body: unknown): string | null {
  const result = compile(schema).safeParse(body);
  return result.success ? null : z.prettifyError(result.error);
}

/** The documented path template a concrete request path falls under. */
export function templateOf(path: string): string | undefined {
  const pathname = new URL(path, 'http://127.0.0.1').pathname;
  return Object.keys(doc.paths).find((template) =>
    new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(pathname),
  );
}

export const getOperation = (path: string): Operation => {
  const operation = doc.paths[path]?.get;
  if (!operation) throw new Error(`${path} has no GET operation.`);
  return operation;
};

const running: RunningEndpoint[] = [];
afterEach(async () => {
  while (running.length > 0) await running.pop()?.close();
});

const LOCAL_LLM_SECRET = 'sk-local-6f1d0c9a8b7e5d4c3b2a';

/** Denies "Ask before use" tokens named "ask-deny" (as a user would); any other has no one to ask. */
const DENY_ASKING_TOKEN: ApprovalGate = {
  check: (request) =>
    request.token.name === 'ask-deny'
      ? Promise.reject(new EndpointError('approval_denied', 'The user denied this caller.'))
      : NO_ONE_TO_ASK.check(request),
};

export async function setup() {
  let clock = Date.now();
  const now = () => clock;
  const wallet = await unlockedWallet({ now });
  const endpoint = await startEndpoint({
    wallet,
    dataDir: wallet.vault.paths.dir,
    port: 0,
    now,
    approvals: DENY_ASKING_TOKEN,
  });
  running.push(endpoint);
  wallet.keys.create({ provider: 'anthropic', secret: SAMPLE_KEYS.anthropic });
  wallet.keys.create({ provider: 'google', secret: SAMPLE_KEYS.google });
  // A key with every optional field set, so the non-null branches of the schemas are exercised.
  wallet.keys.create({
    provider: 'custom',
    name: 'local llm',
    secret: LOCAL_LLM_SECRET,
    baseUrl: 'http://127.0.0.1:8080/v1',
    expiresAt: clock + 86_400_000,
  });
  const { token } = wallet.tokens.create({ name: 'all' });
  return {
    wallet,
    port: endpoint.port,
    token,
    now,
    advance(ms: number) {
      clock += ms;
    },
  };
}

export type Setup = Awaited<ReturnType<typeof setup>>;
