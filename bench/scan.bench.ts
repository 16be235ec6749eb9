// Scan benchmarks: how long `aikey scan` takes over a project tree of realistic size (folders to
// walk, dependency folders to skip, env files to parse) and over a long shell history, the two
// places a scan spends its time. Figures only; the scanner's behaviour is tested in test/core/scan.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectCandidates } from '#core/scan/scanner.js';
import { heading, median, report, timeMs } from './lib.js';

const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 200);
const HISTORY_LINES = Number(process.env.BENCH_HISTORY ?? 100_000);

function tree(root: string): number {
  let files = 0;
  for (let p = 0; p < PROJECTS; p += 1) {
    const project = join(root, 'code', `project-${p}`);
    for (const dir of ['src/lib', 'src/ui', 'test', 'node_modules/dep/lib', '.git/objects', 'dist']) {
      mkdirSync(join(project, dir), { recursive: true });
      for (let f = 0; f < 8; f += 1) writeFileSync(join(project, dir, `file-${f}.ts`), 'export {};\n');
      files += 8;
    }
    writeFileSync(join(project, '.env'), `PORT=3000\nOPENAI_API_KEY=sk-proj-${'Ab3'.repeat(16)}${p}\n`);
    writeFileSync(join(project, 'node_modules', 'dep', '.env'), 'SKIPPED=1\n');
    files += 2;
  }
  return files;
}

function history(home: string): void {
  const lines: string[] = [];
  for (let i = 0; i < HISTORY_LINES; i += 1) {
    lines.push(
      i % 1000 === 0
        ? `: 1700000000:0;export GROQ_API_KEY=gsk_${'g7'.repeat(26)}`
        : `: 1700000000:0;git commit -m "change ${i}" && npm test`,
    );
  }
  writeFileSync(join(home, '.zsh_history'), `${lines.join('\n')}\n`);
}

/** Five scans of one path under a fake home: their times (ms) and how many keys the last found. */
async function timedScans(root: string, path: string): Promise<{ times: number[]; found: number }> {
  const times: number[] = [];
  let found = 0;
  for (let i = 0; i < 5; i += 1) {
    times.push(
      await timeMs(async () => {
        found = (await collectCandidates({ home: root, cwd: root, env: {}, paths: [path] })).length;
      }),
    );
  }
  return { times, found };
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'aikey-scan-bench-'));
  try {
    const files = tree(root);
    history(root);
    heading(`Scan: ${PROJECTS} projects (${files} files, dependency and build folders skipped)`);
    const walk = await timedScans(root, join(root, 'code'));
    report(`walk and parse (median of 5, ${walk.found} keys)`, `${median(walk.times).toFixed(0)} ms`);
    heading(`Scan: a ${HISTORY_LINES.toLocaleString('en')}-line zsh history`);
    const hist = await timedScans(root, join(root, '.zsh_history'));
    report(`parse (median of 5, ${hist.found} keys)`, `${median(hist.times).toFixed(0)} ms`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
