// A Node resolve hook for the glue test: maps the bare specifier `electron` to the recording stand-in
// (electron-stand-in.mjs), so the real built main process runs in plain Node. Every other specifier
// resolves as usual. Registered with module.register by glue-driver.mjs; never used by the app.
import { URL } from 'node:url';

const STAND_IN = new URL('./electron-stand-in.mjs', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: STAND_IN, shortCircuit: true };
  return nextResolve(specifier, context);
}
