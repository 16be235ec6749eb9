// The scanner on real files in a temporary home directory: one file for every location in the
// table, a project with env files where they belong and where they must be skipped, and the
// promise that no planted key is ever part of what a scan reports.
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectCandidates, findingsOf } from '#core/scan/scanner.js';
import { SCAN_LOCATIONS } from '#core/scan/locations.js';
import type { Finding } from '#core/scan/types.js';
import { tempDir } from '../../helpers/temp-wallet.js';
import { plant, plantedKey } from './planted-keys.js';

const K = {
  projectEnv: plantedKey('openai', 'projenv'),
  projectLocal: plantedKey('anthropic', 'projlocal'),
  skipped: plantedKey('groq', 'skipped'),
  direnv: plantedKey('huggingface', 'direnv'),
  bashrc: plantedKey('anthropic', 'bashrc'),
  zshrc: plantedKey('openai', 'zshrc'),
  fishConfig: plantedKey('xai', 'fishconf'),
  bashHistory: plantedKey('deepseek', 'bashhist'),
  zshHistory: plantedKey('openrouter', 'zshhist'),
  fishHistory: plantedKey('perplexity', 'fishhist'),
  llm: plantedKey('openai', 'llmkeys'),
  llmClaude: plantedKey('anthropic', 'llmclaude'),
  cvGit: plantedKey('anthropic', 'cvgit'),
  controlVector: plantedKey('openrouter', 'ctrlvec'),
  aider: plantedKey('openai', 'aiderhome'),
  aiderGemini: plantedKey('google', 'aidergem'),
  aiderProject: plantedKey('deepseek', 'aiderproj'),
  claudeUser: plantedKey('anthropic', 'claudeuser'),
  claudeProject: plantedKey('fireworks', 'claudeproj'),
  claudeLocal: plantedKey('replicate', 'claudelocal'),
  codex: plantedKey('openai', 'codexauth'),
  gemini: plantedKey('google', 'geminicli'),
  aichat: plantedKey('anthropic', 'aichat'),
  aichatDeepseek: plantedKey('deepseek', 'aichatds'),
  continueYaml: plantedKey('mistral', 'contyaml'),
  continueJson: plantedKey('openai', 'contjson'),
  opencode: plantedKey('anthropic', 'opencode'),
};

function homeFixture() {
  const root = tempDir('aikey-scan-');
  const home = join(root, 'home');
  const project = join(root, 'project');
  plant(join(project, '.env'), `# project keys\nexport OPENAI_API_KEY="${K.projectEnv}"\nPORT=3000\n`);
  plant(join(project, 'api', '.env.local'), `\r\nANTHROPIC_API_KEY='${K.projectLocal}'\r\n`);
  for (const skipped of ['node_modules/pkg', '.git', 'dist', 'out', 'build'])
    plant(join(project, skipped, '.env'), `GROQ_API_KEY=${K.skipped}\n`);
  plant(join(project, '.envrc'), `export HF_TOKEN=${K.direnv}\n`);
  plant(join(home, '.bashrc'), `# keys\nalias ll='ls -l'\nexport ANTHROPIC_API_KEY="${K.bashrc}"\n`);
  plant(join(home, '.zshrc'), `export PATH=$HOME/bin:$PATH\nexport OPENAI_API_KEY=${K.zshrc}\n`);
  plant(join(home, '.config/fish/config.fish'), `set -gx XAI_API_KEY ${K.fishConfig}\n`);
  plant(join(home, '.bash_history'), `ls\n#1700000000\nDEEPSEEK_API_KEY=${K.bashHistory} python app.py\n`);
  plant(
    join(home, '.zsh_history'),
    `: 1700000000:0;git status\n: 1700000100:0;curl -H "Authorization: Bearer ${K.zshHistory}" https://openrouter.ai/api/v1/key\n`,
  );
  plant(
    join(home, '.local/share/fish/fish_history'),
    `- cmd: ls\n  when: 1700000000\n- cmd: set -x PERPLEXITY_API_KEY ${K.fishHistory}\n  when: 1700000001\n`,
  );
  plant(
    join(home, '.config/io.datasette.llm/keys.json'),
    JSON.stringify(
      {
        '// Note': 'This file stores secret API credentials. Do not share!',
        openai: K.llm,
        claude: K.llmClaude,
      },
      null,
      2,
    ),
  );
  plant(
    join(home, '.cv-git/credentials.json'),
    JSON.stringify(
      {
        'anthropic_api:default': JSON.stringify({
          type: 'anthropic_api',
          name: 'default',
          apiKey: K.cvGit,
          id: 'ab12',
        }),
        'git_platform_token:github-default': JSON.stringify({
          type: 'git_platform_token',
          token: 'ghp_notakeyweknow1234567890',
        }),
      },
      null,
      2,
    ),
  );
  plant(
    join(home, '.controlvector/credentials.json'),
    JSON.stringify(
      {
        'openrouter_api:work': JSON.stringify({
          type: 'openrouter_api',
          name: 'work',
          apiKey: K.controlVector,
        }),
      },
      null,
      2,
    ),
  );
  plant(
    join(home, '.aider.conf.yml'),
    `model: gpt-4o\nopenai-api-key: ${K.aider}\napi-key:\n  - gemini=${K.aiderGemini}\n`,
  );
  plant(join(project, '.aider.conf.yml'), `set-env:\n  - DEEPSEEK_API_KEY=${K.aiderProject}\n`);
  plant(
    join(home, '.claude/settings.json'),
    JSON.stringify({ env: { ANTHROPIC_API_KEY: K.claudeUser, DISABLE_TELEMETRY: '1' } }, null, 2),
  );
  plant(
    join(project, '.claude/settings.json'),
    JSON.stringify({ env: { FIREWORKS_API_KEY: K.claudeProject } }, null, 2),
  );
  plant(
    join(project, '.claude/settings.local.json'),
    JSON.stringify({ env: { REPLICATE_API_TOKEN: K.claudeLocal } }),
  );
  plant(
    join(home, '.codex/auth.json'),
    JSON.stringify(
      {
        OPENAI_API_KEY: K.codex,
        tokens: { id_token: 'eyJhbGciOiJSUzI1NiJ9.e30.c2ln', refresh_token: 'rt_0123456789abcdef' },
      },
      null,
      2,
    ),
  );
  plant(join(home, '.gemini/.env'), `GEMINI_API_KEY=${K.gemini}\n`);
  plant(
    join(home, '.config/aichat/config.yaml'),
    `model: claude:claude-sonnet-4\nclients:\n  - type: claude\n    api_key: ${K.aichat}\n  - type: openai-compatible\n    name: deepseek\n    api_base: https://api.deepseek.com\n    api_key: ${K.aichatDeepseek}\n`,
  );
  plant(
    join(home, '.continue/config.yaml'),
    `name: Local\nmodels:\n  - name: Codestral work\n    provider: mistral\n    model: codestral-latest\n    apiKey: ${K.continueYaml}\n`,
  );
  plant(
    join(home, '.continue/config.json'),
    JSON.stringify(
      { models: [{ title: 'GPT-4o', provider: 'openai', model: 'gpt-4o', apiKey: K.continueJson }] },
      null,
      2,
    ),
  );
  plant(
    join(home, '.local/share/opencode/auth.json'),
    JSON.stringify(
      {
        anthropic: { type: 'api', key: K.opencode },
        github: { type: 'oauth', refresh: 'gho_x', access: 'a' },
      },
      null,
      2,
    ),
  );
  return { home, project };
}

function rows(findings: readonly Finding[], home: string, project: string) {
  return findings.map((f) => [
    f.path.replace(home, '~').replace(project, '.'),
    f.source.location,
    f.provider,
    f.variable,
    f.line,
    f.label,
  ]);
}

describe('aikey scan over a home directory', () => {
  it('finds every planted key, in every location of the table, and nothing else', async () => {
    const { home, project } = homeFixture();
    const findings = findingsOf(await collectCandidates({ home, cwd: project, env: {} }), null);
    expect(rows(findings, home, project)).toEqual([
      ['./.env', 'dotenv', 'openai', 'OPENAI_API_KEY', 2, null],
      ['./.envrc', 'direnv', 'huggingface', 'HF_TOKEN', 1, null],
      ['./api/.env.local', 'dotenv', 'anthropic', 'ANTHROPIC_API_KEY', 2, null],
      ['~/.bashrc', 'bash-rc', 'anthropic', 'ANTHROPIC_API_KEY', 3, null],
      ['~/.zshrc', 'zsh-rc', 'openai', 'OPENAI_API_KEY', 2, null],
      ['~/.config/fish/config.fish', 'fish-config', 'xai', 'XAI_API_KEY', 1, null],
      ['~/.bash_history', 'bash-history', 'deepseek', 'DEEPSEEK_API_KEY', 3, null],
      ['~/.zsh_history', 'zsh-history', 'openrouter', 'command', 2, null],
      ['~/.local/share/fish/fish_history', 'fish-history', 'perplexity', 'PERPLEXITY_API_KEY', 3, null],
      ['~/.config/io.datasette.llm/keys.json', 'llm', 'openai', 'openai', 3, 'openai'],
      ['~/.config/io.datasette.llm/keys.json', 'llm', 'anthropic', 'claude', 4, 'claude'],
      ['~/.cv-git/credentials.json', 'cv-git', 'anthropic', 'anthropic_api:default.apiKey', 2, 'default'],
      ['~/.controlvector/credentials.json', 'cv-git', 'openrouter', 'openrouter_api:work.apiKey', 2, 'work'],
      ['~/.aider.conf.yml', 'aider', 'openai', 'openai-api-key', 2, 'openai-api-key'],
      ['~/.aider.conf.yml', 'aider', 'google', 'api-key[0]', 4, 'gemini'],
      ['./.aider.conf.yml', 'aider', 'deepseek', 'DEEPSEEK_API_KEY', 2, null],
      ['~/.claude/settings.json', 'claude-code', 'anthropic', 'ANTHROPIC_API_KEY', 3, null],
      ['./.claude/settings.json', 'claude-code', 'fireworks', 'FIREWORKS_API_KEY', 3, null],
      ['./.claude/settings.local.json', 'claude-code', 'replicate', 'REPLICATE_API_TOKEN', 1, null],
      ['~/.codex/auth.json', 'codex', 'openai', 'OPENAI_API_KEY', 2, null],
      ['~/.gemini/.env', 'gemini-cli', 'google', 'GEMINI_API_KEY', 1, null],
      ['~/.config/aichat/config.yaml', 'aichat', 'anthropic', 'clients[0].api_key', 4, null],
      ['~/.config/aichat/config.yaml', 'aichat', 'deepseek', 'clients[1].api_key', 8, 'deepseek'],
      ['~/.continue/config.yaml', 'continue', 'mistral', 'models[0].apiKey', 6, 'Codestral work'],
      ['~/.continue/config.json', 'continue', 'openai', 'models[0].apiKey', 7, 'GPT-4o'],
      ['~/.local/share/opencode/auth.json', 'opencode', 'anthropic', 'anthropic.key', 4, 'anthropic'],
    ] satisfies (string | number | null)[][]);
    // Every location of the table that names files was exercised above.
    const seen = new Set(findings.map((f) => f.source.location));
    for (const location of SCAN_LOCATIONS.filter((l) => !['json', 'yaml'].includes(l.id)))
      expect(seen.has(location.id), location.id).toBe(true);
  });

  it('never reports a planted key, only its masked form, and says which sources take a reference', async () => {
    const { home, project } = homeFixture();
    const findings = findingsOf(await collectCandidates({ home, cwd: project, env: {} }), () => false);
    const output = JSON.stringify(findings);
    for (const value of Object.values(K)) expect(output).not.toContain(value);
    expect(findings[0]).toMatchObject({
      id: 1,
      masked: `sk-proj-…${K.projectEnv.slice(-4)}`,
      alreadyInVault: false,
      source: { kind: 'env-file', replaceable: true, advice: '' },
    });
    const history = findings.find((f) => f.source.kind === 'shell-history');
    expect(history?.source.replaceable).toBe(false);
    expect(history?.source.advice).toMatch(/history/);
    expect(findings.filter((f) => f.source.replaceable).map((f) => f.source.location)).toEqual([
      'dotenv',
      'dotenv',
    ]);
  });

  it('honours the variables the tools honour: LLM_USER_PATH, CODEX_HOME, ZDOTDIR, XDG dirs', async () => {
    const root = tempDir('aikey-scan-');
    const home = join(root, 'home');
    const llm = plant(join(root, 'llm', 'keys.json'), JSON.stringify({ groq: plantedKey('groq', 'llmenv') }));
    const codex = plant(
      join(root, 'codex', 'auth.json'),
      JSON.stringify({ OPENAI_API_KEY: plantedKey('openai', 'cdxenv') }),
    );
    const zsh = plant(join(root, 'zdot', '.zshrc'), `export GROQ_API_KEY=${plantedKey('groq', 'zdotenv')}\n`);
    const fish = plant(
      join(root, 'data', 'fish', 'fish_history'),
      `- cmd: echo ${plantedKey('xai', 'xdgdata')}\n`,
    );
    const env = {
      LLM_USER_PATH: join(root, 'llm'),
      CODEX_HOME: join(root, 'codex'),
      ZDOTDIR: join(root, 'zdot'),
      XDG_DATA_HOME: join(root, 'data'),
    };
    const found = (await collectCandidates({ home, cwd: home, env })).map((c) => c.path);
    expect(found).toEqual([zsh, fish, llm, codex]);
  });

  it('scans only the paths it is given: env files under a folder, any file the table understands', async () => {
    const { home, project } = homeFixture();
    const inFolder = await collectCandidates({ home, cwd: home, env: {}, paths: [project] });
    expect(inFolder.map((c) => c.location)).toEqual(['dotenv', 'direnv', 'dotenv']);
    const single = await collectCandidates({
      home,
      cwd: project,
      env: {},
      paths: [join(home, '.codex/auth.json'), 'missing.env'],
    });
    expect(single.map((c) => [c.location, c.provider])).toEqual([['codex', 'openai']]);
  });

  it('reports progress file by file, and stops when cancelled', async () => {
    const { home, project } = homeFixture();
    const progress: [number, number, number][] = [];
    const found = await collectCandidates({
      home,
      cwd: project,
      env: {},
      onProgress: ({ read, of, found }) => progress.push([read, of, found]),
    });
    const total = progress[0]?.[1] ?? 0;
    expect(progress[0]).toEqual([0, total, 0]);
    expect(progress.at(-1)).toEqual([total, total, found.length]);
    expect(progress.map(([read]) => read)).toEqual([...Array(total + 1).keys()]);

    const cancel = new AbortController();
    const reading = collectCandidates({
      home,
      cwd: project,
      env: {},
      signal: cancel.signal,
      onProgress: ({ read }) => {
        if (read === 2) cancel.abort();
      },
    });
    await expect(reading).rejects.toThrow(/abort/i);
  });

  it('reads a symlinked env file but never enters a symlinked folder', async () => {
    const root = tempDir('aikey-scan-');
    const shared = plant(join(root, 'shared', 'keys.env'), `GROQ_API_KEY=${plantedKey('groq', 'linked')}\n`);
    const project = join(root, 'project');
    plant(join(project, 'README.md'), 'hello');
    symlinkSync(shared, join(project, '.env'));
    symlinkSync(root, join(project, 'loop'));
    const found = await collectCandidates({ home: root, cwd: project, env: {}, paths: [project] });
    expect(found.map((c) => [c.path, c.provider])).toEqual([[join(project, '.env'), 'groq']]);
  });

  it('ignores placeholders, references, URLs and values that fit no provider', async () => {
    const root = tempDir('aikey-scan-');
    plant(
      join(root, '.env'),
      [
        'OPENAI_API_KEY=sk-your-key-here',
        'ANTHROPIC_API_KEY=aikey://personal/anthropic/default',
        'PERPLEXITY_API_KEY=pplx-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
        'GROQ_API_KEY=${GROQ_KEY}',
        'OPENAI_BASE_URL=https://api.openai.com/v1',
        'MISTRAL_API_KEY=too-short',
        `SOME_SECRET=${'q'.repeat(40)}`,
      ].join('\n'),
    );
    expect(await collectCandidates({ home: root, cwd: root, env: {}, paths: [root] })).toEqual([]);
  });
});
