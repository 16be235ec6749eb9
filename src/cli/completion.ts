// `aikey completion bash|zsh|fish`: completion scripts generated from the same commander tree that
// parses the arguments, so a new command or option completes without anyone editing a script. Each
// script walks the words typed so far to find the command path (skipping option values), then offers
// that command's subcommands, options, or the values an option or argument takes.
import type { Command } from 'commander';
import { PROVIDER_IDS } from '#shared/providers.js';

interface Flag {
  flag: string;
  summary: string;
  takesValue: boolean;
  choices: readonly string[] | null;
  isFile: boolean;
}

interface Node {
  path: string;
  summary: string;
  subcommands: { name: string; summary: string }[];
  flags: Flag[];
  /** Values the first argument takes (providers, shells), when there is a fixed list. */
  argumentChoices: readonly string[];
  /** After `--` or its first argument, this command runs another command (exec). */
  runsCommand: boolean;
}

function nodes(command: Command, path: string, into: Node[]): Node[] {
  const argument = command.registeredArguments[0];
  const choices = argument?.argChoices ?? (/^provider/.test(argument?.name() ?? '') ? PROVIDER_IDS : []);
  into.push({
    path,
    summary: command.description(),
    subcommands: command.commands.map((c) => ({ name: c.name(), summary: c.description() })),
    flags: [
      ...command.options.map((o) => ({
        flag: o.long ?? o.short ?? '',
        summary: o.description,
        takesValue: o.required || o.optional,
        choices: o.argChoices ?? null,
        isFile: /file/.test(o.long ?? ''),
      })),
      {
        flag: '--help',
        summary: 'show help for this command',
        takesValue: false,
        choices: null,
        isFile: false,
      },
    ],
    argumentChoices: choices,
    runsCommand: command.name() === 'exec',
  });
  for (const sub of command.commands) nodes(sub, path ? `${path} ${sub.name()}` : sub.name(), into);
  return into;
}

const valueFlags = (all: Node[]) => [
  ...new Set(all.flatMap((n) => n.flags.filter((f) => f.takesValue).map((f) => f.flag))),
];
const shellWord = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** Every command path as one shell case pattern: 'get'|'keys'|'keys add'|… */
const pathPattern = (all: Node[]) =>
  all
    .filter((n) => n.path)
    .map((n) => shellWord(n.path))
    .join('|');

/** One case line per option that takes fixed values, each option once. */
const choiceCases = (all: Node[], line: (flag: string, choices: readonly string[]) => string) =>
  [
    ...new Set(
      all.flatMap((n) => n.flags.filter((f) => f.choices).map((f) => line(f.flag, f.choices ?? []))),
    ),
  ].join('\n');

/**
 * The loop bash and zsh share: walk the words typed before the cursor, skip options and the values
 * they take, and follow known command names into `path`; `--` hands over to `onDashDash`.
 */
const walkWords = (
  all: Node[],
  words: string,
  from: number,
  to: string,
  onDashDash: string,
  otherWord = '',
) => `  for ((i = ${from}; i < ${to}; i++)); do
    w="\${${words}[i]}"
    case "$w" in
      --) ${onDashDash}; return ;;
      ${valueFlags(all).join('|')}) i=$((i + 1)); continue ;;
      -*) continue ;;
    esac
    case "\${path:+$path }$w" in
      ${pathPattern(all)}) path="\${path:+$path }$w" ;;${otherWord}
    esac
  done`;

function bash(all: Node[]): string {
  const cases = all
    .map((n) => {
      const words = [
        ...n.subcommands.map((s) => s.name),
        ...n.argumentChoices,
        ...n.flags.map((f) => f.flag),
      ];
      return `    ${shellWord(n.path)}) words=${shellWord(words.join(' '))} ;;`;
    })
    .join('\n');
  const values = choiceCases(
    all,
    (flag, choices) =>
      `    ${flag}) COMPREPLY=($(compgen -W ${shellWord(choices.join(' '))} -- "$cur")); return ;;`,
  );
  const runners = all
    .filter((n) => n.runsCommand)
    .map((n) => shellWord(n.path))
    .join('|');
  return `# aikey completion for bash. Load it with: source <(aikey completion bash)
_aikey() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" path="" w i words=""
${walkWords(
  all,
  'COMP_WORDS',
  1,
  'COMP_CWORD',
  'COMPREPLY=($(compgen -c -- "$cur"))',
  `\n      *) case "$path" in ${runners || "''"}) COMPREPLY=($(compgen -c -- "$cur")); return ;; esac ;;`,
)}
  case "$prev" in
${values}
    *-file) COMPREPLY=($(compgen -f -- "$cur")); return ;;
  esac
  case "$path" in
${cases}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _aikey aikey
`;
}

const zshItem = (name: string, summary: string) =>
  shellWord(`${name.replace(/:/g, '\\:')}:${summary.replace(/'/g, '')}`);

function zsh(all: Node[]): string {
  const cases = all
    .map((n) => {
      const items = [
        ...n.subcommands.map((s) => zshItem(s.name, s.summary)),
        ...n.argumentChoices.map((c) => zshItem(c, 'value')),
        ...n.flags.map((f) => zshItem(f.flag, f.summary)),
      ];
      return `    ${shellWord(n.path)}) items=(${items.join(' ')}) ;;`;
    })
    .join('\n');
  const values = choiceCases(
    all,
    (flag, choices) =>
      `    ${flag}) items=(${choices.map((c) => zshItem(c, 'value')).join(' ')}); _describe 'value' items; return ;;`,
  );
  return `#compdef aikey
# aikey completion for zsh. Load it with: source <(aikey completion zsh)
# (or save it as _aikey in a folder on $fpath).
_aikey() {
  local -a items
  local path="" w i
${walkWords(all, 'words', 2, 'CURRENT', '_command_names')}
  case "\${words[CURRENT-1]}" in
${values}
    *-file) _files; return ;;
  esac
  case "$path" in
${cases}
  esac
  _describe 'aikey' items
}
if [ "$funcstack[1]" = "_aikey" ]; then _aikey "$@"; else compdef _aikey aikey; fi
`;
}

function fish(all: Node[]): string {
  const lines = [
    '# aikey completion for fish. Save it as ~/.config/fish/completions/aikey.fish',
    'function __aikey_path',
    '  set -l words (commandline -opc)',
    '  set -l path ""',
    '  set -l skip 0',
    '  for w in $words[2..-1]',
    '    if test $skip -eq 1; set skip 0; continue; end',
    `    if contains -- $w ${valueFlags(all).join(' ')}; set skip 1; continue; end`,
    '    if string match -q -- "-*" $w; continue; end',
    '    set -l next (string trim -- "$path $w")',
    `    if contains -- "$next" ${all
      .filter((n) => n.path)
      .map((n) => shellWord(n.path))
      .join(' ')}; set path $next; end`,
    '  end',
    '  echo $path',
    'end',
    'function __aikey_at; test (__aikey_path) = "$argv[1]"; end',
    'complete -c aikey -f',
  ];
  for (const n of all) {
    const at = `-n '__aikey_at ${shellWord(n.path).replace(/'/g, '"')}'`;
    for (const s of n.subcommands)
      lines.push(`complete -c aikey ${at} -a ${shellWord(s.name)} -d ${shellWord(s.summary)}`);
    if (n.argumentChoices.length > 0)
      lines.push(`complete -c aikey ${at} -a ${shellWord(n.argumentChoices.join(' '))}`);
    for (const f of n.flags) {
      const value = f.choices
        ? ` -x -a ${shellWord(f.choices.join(' '))}`
        : f.isFile
          ? ' -r -F'
          : f.takesValue
            ? ' -x'
            : '';
      lines.push(
        `complete -c aikey ${at} -l ${f.flag.replace(/^--/, '')} -d ${shellWord(f.summary)}${value}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

export function completionScript(program: Command, shell: string): string {
  const all = nodes(program, '', []);
  return shell === 'zsh' ? zsh(all) : shell === 'fish' ? fish(all) : bash(all);
}
