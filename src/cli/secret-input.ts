// Reading secrets for the CLI: the master password from a file (--password-file or
// AIKEY_PASSWORD_FILE) or a hidden prompt on the terminal, a new password or the recovery key from
// a file named by a flag or that prompt; a provider key from a hidden prompt or standard input.
// Never from argv, and never echoed.
import { openSync, readFileSync, writeSync } from 'node:fs';
import { ReadStream } from 'node:tty';
import { EXIT, CliError } from './exit-codes.js';

export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The terminal to prompt on: standard input when it is one, else the controlling terminal itself
 * (/dev/tty; CONIN$ on Windows), so `pbpaste | aikey keys add …` can still ask for the password, as
 * op and gpg do. Null when there is no terminal at all (CI, a service).
 */
function openTerminal(): { input: ReadStream; write(text: string): void; close(): void } | null {
  if (process.stdin.isTTY) {
    return { input: process.stdin, write: (text) => process.stderr.write(text), close: () => undefined };
  }
  let fd: number;
  try {
    fd = openSync(process.platform === 'win32' ? 'CONIN$' : '/dev/tty', 'r+');
  } catch {
    return null;
  }
  const input = new ReadStream(fd);
  return {
    input,
    write: (text) => {
      if (process.platform === 'win32') process.stderr.write(text);
      else writeSync(fd, text);
    },
    close: () => input.destroy(),
  };
}

/** Prompts on the terminal without echo. */
export function promptHidden(question: string): Promise<string> {
  const terminal = openTerminal();
  if (!terminal) {
    return Promise.reject(
      new CliError(
        EXIT.usage,
        'NoTerminal',
        'No terminal to prompt on: use --password-file or standard input.',
      ),
    );
  }
  const { input } = terminal;
  // Echo goes off before the prompt shows: whatever is typed (or pasted) after it is never echoed.
  input.setRawMode(true);
  terminal.write(question);
  return new Promise((resolve, reject) => {
    let value = '';
    input.resume();
    input.setEncoding('utf8');
    const done = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.removeListener('data', onData);
      terminal.write('\n');
      terminal.close();
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') return done();
        if (char === '\u0003') return done(new CliError(EXIT.interrupted, 'Cancelled', 'Cancelled.'));
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else value += char;
      }
    };
    input.on('data', onData);
  });
}

/** A secret kept in a file (mode 0600, say): its content without the one trailing newline. */
function secretFile(file: string, code: string, what: string): string {
  try {
    return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch {
    throw new CliError(EXIT.usage, code, `The ${what} file could not be read.`);
  }
}

export async function masterPassword(options: {
  passwordFile?: string | undefined;
  confirm?: boolean;
}): Promise<string> {
  const file = options.passwordFile ?? process.env.AIKEY_PASSWORD_FILE;
  if (file) return secretFile(file, 'PasswordFile', 'password');
  const first = await promptHidden('Master password: ');
  if (options.confirm) {
    const second = await promptHidden('Repeat the master password: ');
    if (first !== second) throw new CliError(EXIT.usage, 'Mismatch', 'The two passwords differ.');
  }
  return first;
}

/** A new master password (passwd, recover): from --new-password-file, or typed twice to match. */
export async function newMasterPassword(file: string | undefined): Promise<string> {
  if (file) return secretFile(file, 'NewPasswordFile', 'new password');
  const first = await promptHidden('New master password: ');
  const second = await promptHidden('Repeat the new master password: ');
  if (first !== second)
    throw new CliError(EXIT.usage, 'Mismatch', 'The two new passwords differ; nothing was changed.');
  return first;
}

/** The recovery key: from --recovery-key-file, or typed at the hidden prompt. */
export async function recoveryKeyInput(file: string | undefined): Promise<string> {
  if (file) return secretFile(file, 'RecoveryKeyFile', 'recovery key').trim();
  return (await promptHidden('Recovery key: ')).trim();
}

/** A provider key: hidden prompt on a terminal, otherwise all of standard input. */
export async function providerSecret(): Promise<string> {
  if (process.stdin.isTTY) return promptHidden('Key (input hidden): ');
  return (await readAll(process.stdin)).trim();
}
