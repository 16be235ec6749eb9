// The reference commands (run, inject, exec with its masking flags) behind a minimal parser, so the
// tests run them as users will: their own process, real stdio, real signals. src/cli/main.ts is being
// moved to commander elsewhere; this entry mirrors the wiring proposed for it and exits the same way
// (one line on stderr, a documented exit code).
import { parseArgs } from 'node:util';
import type { MaskingMode } from '#cli/child-runner.js';
import { execCommand } from '#cli/commands/client-commands.js';
import { CliError, EXIT, toCliError } from '#cli/exit-codes.js';
import { oneLine } from '#cli/output.js';

async function main(argv: string[]): Promise<number> {
  const dashDash = argv.indexOf('--');
  const own = dashDash >= 0 ? argv.slice(0, dashDash) : argv;
  const rest = dashDash >= 0 ? argv.slice(dashDash + 1) : [];
  const { values: v, positionals } = parseArgs({
    args: own,
    allowPositionals: true,
    options: {
      'env-file': { type: 'string', short: 'f', multiple: true },
      overload: { type: 'boolean' },
      'no-masking': { type: 'boolean' },
      mask: { type: 'boolean' },
      input: { type: 'string', short: 'i' },
      output: { type: 'string', short: 'o' },
      force: { type: 'boolean' },
      json: { type: 'boolean' },
      key: { type: 'string', multiple: true },
      provider: { type: 'string', multiple: true },
    },
  });
  if (v['no-masking'] && v.mask) throw new CliError(EXIT.usage, 'Usage', '--mask and --no-masking conflict.');
  const masking: MaskingMode = v['no-masking'] ? 'off' : v.mask ? 'on' : 'auto';
  const client = {};
  switch (positionals[0]) {
    case 'run':
      return (await import('#cli/commands/run-commands.js')).runCommand(client, {
        envFiles: v['env-file'] ?? [],
        overload: v.overload ?? false,
        masking,
        command: rest,
      });
    case 'inject':
      await (
        await import('#cli/commands/inject-command.js')
      ).injectCommand(client, {
        input: v.input,
        output: v.output,
        force: v.force ?? false,
        json: v.json ?? false,
      });
      return EXIT.ok;
    case 'exec':
      return execCommand(client, v.provider ?? [], v.key ?? [], rest, { masking });
    default:
      throw new CliError(EXIT.usage, 'Usage', 'run, inject or exec');
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const failure = toCliError(error);
    process.stderr.write(`aikey: ${oneLine(failure.message)}\n`);
    process.exitCode = failure.exitCode;
  },
);
