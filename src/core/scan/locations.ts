// The one table of places keys are found in. Adding a tool is one entry: where its file lives
// (relative to the home directory or the working directory, honouring the variables the tool
// itself honours), which parser reads it, what kind of source it is and what to do by hand when a
// reference cannot take the key's place. Paths and formats come from each tool's docs and source.
import { basename, join } from 'node:path';
import { parseJsonStore, parseYamlStore } from './parse-structured.js';
import {
  parseBashHistory,
  parseEnvFile,
  parseFishHistory,
  parseShellRc,
  parseZshHistory,
} from './parse-lines.js';
import type { RawSecret, SourceKind } from './types.js';

/** Where a scan runs: injected, so tests use temporary home directories. */
export interface ScanContext {
  home: string;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

export interface ScanLocation {
  id: string;
  tool: string;
  kind: SourceKind;
  /** The files this location names on this machine (none for env files: they are searched for). */
  files(ctx: ScanContext): string[];
  /** Whether a file given by path belongs to this location, judged by its name. */
  matches(file: string): boolean;
  parse(text: string): RawSecret[];
  /** What to do by hand; empty for sources `--replace` rewrites. */
  advice: string;
}

const xdg = (ctx: ScanContext, variable: string, fallback: string): string =>
  ctx.env[variable] || join(ctx.home, fallback);
const none = (): boolean => false;
const named =
  (...names: string[]) =>
  (file: string): boolean =>
    names.includes(basename(file));

const RC_ADVICE =
  'Delete the line that sets it (the key stays in this file until you do), and start tools with `aikey exec -- <command>`.';
const HISTORY_ADVICE =
  'Delete the entry from your shell history (bash: `history -d N`, or edit the file with the shell closed): history cannot hold a reference.';
const toolAdvice = (tool: string): string =>
  `Remove the key from ${tool}'s settings and start it with \`aikey exec -- …\`, so it reads the key from the environment.`;

export const SCAN_LOCATIONS: readonly ScanLocation[] = [
  {
    id: 'dotenv',
    tool: 'env file',
    kind: 'env-file',
    files: () => [],
    matches: (file) => /^\.env(?:\..+)?$/.test(basename(file)),
    parse: parseEnvFile,
    advice: '',
  },
  {
    id: 'direnv',
    tool: 'direnv',
    kind: 'shell-rc',
    files: () => [],
    matches: named('.envrc'),
    parse: parseShellRc,
    advice: RC_ADVICE,
  },
  {
    id: 'bash-rc',
    tool: 'bash',
    kind: 'shell-rc',
    files: (ctx) => ['.bashrc', '.bash_profile', '.bash_login', '.profile'].map((f) => join(ctx.home, f)),
    matches: named('.bashrc', '.bash_profile', '.bash_login', '.profile'),
    parse: parseShellRc,
    advice: RC_ADVICE,
  },
  {
    id: 'zsh-rc',
    tool: 'zsh',
    kind: 'shell-rc',
    files: (ctx) => ['.zshrc', '.zprofile', '.zshenv'].map((f) => join(ctx.env.ZDOTDIR || ctx.home, f)),
    matches: named('.zshrc', '.zprofile', '.zshenv'),
    parse: parseShellRc,
    advice: RC_ADVICE,
  },
  {
    id: 'fish-config',
    tool: 'fish',
    kind: 'shell-rc',
    files: (ctx) => [join(xdg(ctx, 'XDG_CONFIG_HOME', '.config'), 'fish', 'config.fish')],
    matches: named('config.fish'),
    parse: parseShellRc,
    advice: RC_ADVICE,
  },
  {
    id: 'bash-history',
    tool: 'bash history',
    kind: 'shell-history',
    files: (ctx) => [join(ctx.home, '.bash_history')],
    matches: named('.bash_history'),
    parse: parseBashHistory,
    advice: HISTORY_ADVICE,
  },
  {
    id: 'zsh-history',
    tool: 'zsh history',
    kind: 'shell-history',
    files: (ctx) => ['.zsh_history', '.zhistory'].map((f) => join(ctx.env.ZDOTDIR || ctx.home, f)),
    matches: named('.zsh_history', '.zhistory'),
    parse: parseZshHistory,
    advice: HISTORY_ADVICE,
  },
  {
    id: 'fish-history',
    tool: 'fish history',
    kind: 'shell-history',
    files: (ctx) => [join(xdg(ctx, 'XDG_DATA_HOME', '.local/share'), 'fish', 'fish_history')],
    matches: named('fish_history'),
    parse: parseFishHistory,
    advice: HISTORY_ADVICE,
  },
  {
    // llm keeps `llm keys set` values here; LLM_USER_PATH moves its whole directory.
    id: 'llm',
    tool: 'llm',
    kind: 'tool-config',
    files: (ctx) =>
      ctx.env.LLM_USER_PATH
        ? [join(ctx.env.LLM_USER_PATH, 'keys.json')]
        : [
            join(xdg(ctx, 'XDG_CONFIG_HOME', '.config'), 'io.datasette.llm', 'keys.json'),
            join(ctx.home, 'Library', 'Application Support', 'io.datasette.llm', 'keys.json'),
          ],
    matches: named('keys.json'),
    parse: parseJsonStore,
    advice: toolAdvice('llm'),
  },
  {
    // cv-git's plain-file fallback: {"<type>:<name>": "<credential as JSON>"}.
    id: 'cv-git',
    tool: 'cv-git',
    kind: 'tool-config',
    files: (ctx) => [
      join(ctx.home, '.cv-git', 'credentials.json'),
      join(ctx.home, '.controlvector', 'credentials.json'),
    ],
    matches: named('credentials.json'),
    parse: parseJsonStore,
    advice: toolAdvice('cv-git'),
  },
  {
    id: 'aider',
    tool: 'aider',
    kind: 'tool-config',
    files: (ctx) => [join(ctx.home, '.aider.conf.yml'), join(ctx.cwd, '.aider.conf.yml')],
    matches: named('.aider.conf.yml'),
    parse: parseYamlStore,
    advice: toolAdvice('aider'),
  },
  {
    // Claude Code's settings `env` block, user and project scope, and the key it saved at login.
    id: 'claude-code',
    tool: 'Claude Code',
    kind: 'tool-config',
    files: (ctx) => [
      join(ctx.home, '.claude', 'settings.json'),
      join(ctx.cwd, '.claude', 'settings.json'),
      join(ctx.cwd, '.claude', 'settings.local.json'),
      join(ctx.home, '.claude.json'),
    ],
    matches: named('settings.json', 'settings.local.json', '.claude.json'),
    parse: parseJsonStore,
    advice: toolAdvice('Claude Code'),
  },
  {
    id: 'codex',
    tool: 'Codex CLI',
    kind: 'tool-config',
    files: (ctx) => [join(ctx.env.CODEX_HOME || join(ctx.home, '.codex'), 'auth.json')],
    matches: none,
    parse: parseJsonStore,
    advice: toolAdvice('Codex CLI'),
  },
  {
    id: 'gemini-cli',
    tool: 'Gemini CLI',
    kind: 'tool-config',
    files: (ctx) => [join(ctx.home, '.gemini', '.env')],
    matches: none,
    parse: parseEnvFile,
    advice: toolAdvice('Gemini CLI'),
  },
  {
    id: 'aichat',
    tool: 'aichat',
    kind: 'tool-config',
    files: (ctx) => [
      join(
        ctx.env.AICHAT_CONFIG_DIR || join(xdg(ctx, 'XDG_CONFIG_HOME', '.config'), 'aichat'),
        'config.yaml',
      ),
      join(ctx.home, 'Library', 'Application Support', 'aichat', 'config.yaml'),
    ],
    matches: none,
    parse: parseYamlStore,
    advice: toolAdvice('aichat'),
  },
  {
    id: 'continue',
    tool: 'Continue',
    kind: 'tool-config',
    files: (ctx) => ['config.yaml', 'config.json'].map((f) => join(ctx.home, '.continue', f)),
    matches: none,
    parse: (text) => (text.trimStart().startsWith('{') ? parseJsonStore(text) : parseYamlStore(text)),
    advice: toolAdvice('Continue'),
  },
  {
    id: 'opencode',
    tool: 'opencode',
    kind: 'tool-config',
    files: (ctx) => [join(xdg(ctx, 'XDG_DATA_HOME', '.local/share'), 'opencode', 'auth.json')],
    matches: none,
    parse: parseJsonStore,
    advice: toolAdvice('opencode'),
  },
  {
    // Any other file given by path: read by its extension.
    id: 'json',
    tool: 'JSON file',
    kind: 'tool-config',
    files: () => [],
    matches: (file) => file.endsWith('.json'),
    parse: parseJsonStore,
    advice: 'Remove the key from this file by hand; a reference cannot stand in a JSON value here.',
  },
  {
    id: 'yaml',
    tool: 'YAML file',
    kind: 'tool-config',
    files: () => [],
    matches: (file) => /\.ya?ml$/.test(file),
    parse: parseYamlStore,
    advice: 'Remove the key from this file by hand; a reference cannot stand in a YAML value here.',
  },
];

export function locationById(id: string): ScanLocation | undefined {
  return SCAN_LOCATIONS.find((location) => location.id === id);
}
