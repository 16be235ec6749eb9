// Small pieces every command declaration shares: the --json option, repeatable flags, examples in
// --help, and where an action leaves its exit code.
import { Option, type Command } from 'commander';

/** Where an action leaves its exit code (exec passes on the child's). */
export interface Outcome {
  exitCode: number;
}

/** `--flag value`, repeatable: the values in order. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function example(command: Command, ...lines: string[]): Command {
  return command.addHelpText(
    'after',
    `\nExample${lines.length > 1 ? 's' : ''}:\n${lines.map((l) => `  $ ${l}`).join('\n')}`,
  );
}

export const jsonOption = (): Option =>
  new Option('--json', 'print one JSON document (errors too, on stderr)');
