// `npm start`: builds the desktop app and opens it with electron-vite preview. Where the Electron
// runtime is absent, it says so in one line and exits 1. It must never `require('electron')` before
// the binary is known to exist: that call starts a download and prints a stack trace when it fails.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import process from 'node:process';

const projectRoot = join(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

const MISSING_RUNTIME =
  'aikey: the Electron runtime is not installed on this machine, so the desktop app cannot start; ' +
  'run the headless wallet instead: aikey serve (after npm link)';

/** Mirrors how electron and electron-vite locate the binary, without their download side effect. */
function electronRuntimeInstalled() {
  const execPath = process.env.ELECTRON_EXEC_PATH;
  if (execPath) return existsSync(execPath);

  let packageDir;
  try {
    packageDir = dirname(require.resolve('electron'));
  } catch {
    return false;
  }
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return false;
  if (!existsSync(join(packageDir, 'dist', readFileSync(pathFile, 'utf8')))) return false;

  try {
    const binary = require('electron');
    return typeof binary === 'string' && existsSync(binary);
  } catch {
    return false;
  }
}

if (!electronRuntimeInstalled()) {
  process.stderr.write(`${MISSING_RUNTIME}\n`);
  process.exitCode = 1;
} else {
  const cli = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
  const preview = spawn(process.execPath, [cli, 'preview'], { cwd: projectRoot, stdio: 'inherit' });
  preview.on('error', (error) => {
    process.stderr.write(`aikey: could not run electron-vite: ${error.message}\n`);
    process.exitCode = 1;
  });
  preview.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}
