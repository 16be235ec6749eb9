// Shared by the bin launchers: check the running Node.js, hand over to the pinned one or refuse, then
// load the bundle. Written for old Node.js too (no newer syntax or APIs before the version check).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const NEEDED = [22, 12];
/** Exit code for "this Node.js is too old" (README: exit codes). */
const EXIT_OLD_NODE = 15;

function recentEnough(version) {
  const [major, minor] = version.split('.').map(Number);
  return major > NEEDED[0] || (major === NEEDED[0] && minor >= NEEDED[1]);
}

/** Runs the same launcher under another Node.js, passing signals on and its exit status back. */
function handOver(node, launcher) {
  const child = spawn(node, [launcher, ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else process.exit(code ?? 1);
  });
}

export async function launch(name, bundle, launcherUrl) {
  const launcher = fileURLToPath(launcherUrl);
  const root = dirname(dirname(launcher));
  if (!recentEnough(process.versions.node)) {
    const pinned = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'node.cmd' : 'node');
    if (existsSync(pinned) && process.env.AIKEY_PINNED_NODE !== 'tried') {
      process.env.AIKEY_PINNED_NODE = 'tried';
      handOver(pinned, launcher);
      return;
    }
    process.stderr.write(
      `${name}: needs Node.js ${NEEDED.join('.')} or newer, and this is Node.js ${process.versions.node} ` +
        `(${process.execPath}); install a current Node.js LTS and run it again.\n`,
    );
    process.exit(EXIT_OLD_NODE);
  }
  // Node.js caches compiled code between runs: commands people run in loops start sooner.
  const { enableCompileCache } = await import('node:module');
  enableCompileCache?.();
  await import(pathToFileURL(join(dirname(launcher), bundle)).href);
}
