// A real terminal for CLI tests: a pseudo-terminal from util-linux `script`, so `process.stdin.isTTY`
// and `process.stdout.isTTY` are true in the aikey process and the hidden prompt reads /dev/tty.
import { spawn, spawnSync } from 'node:child_process';

export const hasScript = spawnSync('script', ['--version']).status === 0;
if (!hasScript) console.log('terminal tests skipped: util-linux `script` is not installed');

export interface TerminalRun {
  code: number | null;
  /** Everything the terminal showed (prompts, output, and any echo, which must be none). */
  screen: string;
}

/**
 * Runs a shell command line in a fresh pseudo-terminal, typing each answer once its prompt shows,
 * in order (a prompt that repeats is matched after the previous answer's prompt).
 */
export function inTerminal(
  commandLine: string,
  env: NodeJS.ProcessEnv,
  answers: [prompt: string, typed: string][] = [],
): Promise<TerminalRun> {
  return new Promise((resolve) => {
    const child = spawn('script', ['-qefc', commandLine, '/dev/null'], {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let screen = '';
    let next = 0;
    let searchFrom = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString();
      while (next < answers.length) {
        const [prompt, typed] = answers[next]!;
        const at = screen.indexOf(prompt, searchFrom);
        if (at < 0) break;
        searchFrom = at + prompt.length;
        next += 1;
        child.stdin.write(`${typed}\r`);
      }
    });
    child.on('close', (code) => resolve({ code, screen }));
  });
}
