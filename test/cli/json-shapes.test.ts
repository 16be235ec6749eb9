// docs/cli-json.md promises one JSON shape per command. This runs each command a user can run without
// a hub server, with --json, and checks the output has exactly the keys the document's example shows
// (and the same for nested objects and array items), so the document and the CLI cannot drift apart.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliVault, type CliVault } from '#test/helpers/cli-vault.js';
import { AIKEY_BIN, aikeyEnv } from '#test/helpers/aikey-process.js';
import { SAMPLE_KEYS } from '#test/helpers/temp-wallet.js';

const DOC = readFileSync(join(process.cwd(), 'docs', 'cli-json.md'), 'utf8');

/** Each "### `aikey …`" section's first ```json example, parsed. */
function documentedShapes(): Map<string, unknown> {
  const shapes = new Map<string, unknown>();
  for (const section of DOC.split(/^### /m).slice(1)) {
    const command = /^`aikey ([a-z ]+)`/.exec(section)?.[1];
    const example = /```json\n([\s\S]*?)```/.exec(section)?.[1];
    if (command && example) shapes.set(command, JSON.parse(example.replace(/"…"/g, '"x"')) as unknown);
  }
  return shapes;
}

type Shape = string | { [key: string]: Shape } | Shape[];

/** The keys of a value, recursively (arrays by their first item); leaves are just "value". */
function shapeOf(value: unknown): Shape {
  if (Array.isArray(value)) return value.length > 0 ? [shapeOf(value[0])] : [];
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, shapeOf(v)]),
    );
  }
  return 'value';
}

let v: CliVault;
let server: ChildProcess;
let token = '';
const outputs: Record<string, unknown> = {};

async function json(args: string[], stdin?: string, extra: NodeJS.ProcessEnv = {}): Promise<unknown> {
  const result = await v.aikey([...args, '--json'], {
    ...(stdin === undefined ? {} : { stdin }),
    env: extra,
  });
  expect([args.join(' '), result.code, result.stderr]).toEqual([args.join(' '), 0, '']);
  return JSON.parse(result.stdout) as unknown;
}

beforeAll(async () => {
  v = await cliVault();
  const pw = ['--password-file', v.passwordFile];
  outputs['keys add'] = await json(['keys', 'add', 'anthropic', ...pw], `${SAMPLE_KEYS.anthropic}\n`);
  outputs['keys list'] = await json(['keys', 'list', ...pw]);
  outputs['keys reveal'] = await json(['keys', 'reveal', 'anthropic', ...pw]);
  outputs['tokens create'] = await json(['tokens', 'create', 'ci', '--expires', '30d', ...pw]);
  token = (outputs['tokens create'] as { token: string }).token;
  outputs['tokens list'] = await json(['tokens', 'list', ...pw]);
  outputs['hubs list'] = await json(['hubs', 'list', ...pw]);
  outputs.passwd = await json(['passwd', ...pw, '--new-password-file', v.passwordFile]);
  outputs.recover = await json([
    'recover',
    '--recovery-key-file',
    v.file('recovery', v.recoveryKey),
    '--new-password-file',
    v.passwordFile,
  ]);
  outputs.completion = await json(['completion', 'fish']);
  server = spawn(AIKEY_BIN, ['serve', '--port', '0', '--json', ...pw], { env: aikeyEnv(v.home) });
  outputs.serve = await new Promise((resolve) => {
    let text = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.trim().endsWith('}')) resolve(JSON.parse(text) as unknown);
    });
  });
  const withToken = { AIKEY_TOKEN: token };
  outputs.get = await json(['get', 'anthropic'], undefined, withToken);
  outputs.env = await json(['env'], undefined, withToken);
  outputs.status = await json(['status'], undefined, withToken);
  outputs.audit = await json(['audit', ...pw]);
  outputs.lock = await json(['lock']);
}, 60_000);

afterAll(() => {
  server?.kill('SIGKILL');
});

describe('docs/cli-json.md', () => {
  const shapes = documentedShapes();

  it('documents every command the CLI has', async () => {
    const { buildProgram } = await import('#cli/program.js');
    const program = await buildProgram('0', { exitCode: 0 });
    const leaves = program.commands.flatMap((c) =>
      c.commands.length > 0 ? c.commands.map((s) => `${c.name()} ${s.name()}`) : [c.name()],
    );
    const documented = [...DOC.matchAll(/^### `aikey ([a-z ]+)`/gm)].map((m) => m[1]);
    const mentioned = (leaf: string) =>
      documented.includes(leaf) || DOC.includes(`\`aikey ${leaf}\``) || DOC.includes(`\`${leaf}\``);
    expect(leaves.filter((leaf) => !mentioned(leaf))).toEqual([]);
  });

  it.each([
    'get',
    'env',
    'status',
    'keys add',
    'keys list',
    'keys reveal',
    'tokens create',
    'tokens list',
    'audit',
    'passwd',
    'recover',
    'serve',
    'lock',
    'hubs list',
    'completion',
  ])('`aikey %s --json` prints the documented shape', (command) => {
    expect(shapes.has(command)).toBe(true);
    expect(shapeOf(outputs[command])).toEqual(shapeOf(shapes.get(command)));
  });

  it('never prints a key in the masked shapes', () => {
    for (const command of ['keys add', 'keys list', 'tokens list', 'audit', 'status']) {
      expect(JSON.stringify(outputs[command])).not.toContain(SAMPLE_KEYS.anthropic);
    }
    expect((outputs.get as { key: string }).key).toBe(SAMPLE_KEYS.anthropic);
  });
});
