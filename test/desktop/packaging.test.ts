// The packaged app's hardening lives in electron-builder.yml, which cannot be built on this machine,
// so this reads it the way electron-builder does (its own loader and schema validation) and pins
// every fuse, target and resource: a change that weakens one fails `npm test`. It also proves the
// packaged app finds its migrations under process.resourcesPath.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import type { Configuration } from 'electron-builder';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultMigrationsFolder, migrationTags } from '#core/db/open.js';
import { tempDir } from '../helpers/temp-wallet.js';

const projectDir = join(import.meta.dirname, '..', '..');

let config: Configuration;
beforeAll(async () => {
  config = await getConfig(projectDir, 'electron-builder.yml', null);
});

const targetsOf = (platform: { target?: unknown } | null | undefined): unknown => platform?.target;

describe('electron-builder.yml', () => {
  it('passes electron-builder schema validation', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('would catch a misspelled section (the validation is not a rubber stamp)', async () => {
    const misspelled = { ...config, electronFusez: config.electronFuses } as Configuration;
    await expect(validateConfiguration(misspelled, new DebugLogger(false))).rejects.toThrow(/electronFusez/);
  });

  it('sets every fuse the security bar asks for', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('names the app, packs it into asar from out/, and ships the migrations as resources', () => {
    expect(config.appId).toBe('dev.aikey.wallet');
    expect(config.productName).toBe('AIKey Wallet');
    expect(config.asar).toBe(true);
    expect(config.files).toEqual([{ filter: ['out/**', 'package.json', '!**/*.map'] }]);
    expect(config.extraResources).toEqual([
      { from: 'drizzle', to: 'drizzle', filter: ['**/*'] },
      // The aikey command Settings > Command line installs (src/desktop/cli-command.ts).
      { from: 'bin', to: 'cli/bin' },
      { from: 'out/cli', to: 'cli/out/cli' },
      { from: 'package.json', to: 'cli/package.json' },
      { from: 'build/icon.png', to: 'tray-icon.png' },
    ]);
  });

  it('builds AppImage and deb, dmg, and nsis', () => {
    expect(targetsOf(config.linux)).toEqual(['AppImage', 'deb']);
    expect(targetsOf(config.mac)).toEqual(['dmg']);
    expect(targetsOf(config.win)).toEqual(['nsis']);
  });
});

describe('migrations in a packaged app', () => {
  const resources = process as { resourcesPath?: string };
  const original = resources.resourcesPath;
  afterEach(() => {
    resources.resourcesPath = original;
  });

  it('are found under process.resourcesPath/drizzle first', () => {
    const packaged = tempDir('aikey-resources-');
    mkdirSync(join(packaged, 'drizzle', 'meta'), { recursive: true });
    writeFileSync(join(packaged, 'drizzle', 'meta', '_journal.json'), '{"entries":[]}');
    resources.resourcesPath = packaged;
    expect(defaultMigrationsFolder()).toBe(join(packaged, 'drizzle'));
  });

  it('ship from drizzle/, which holds the vault and the token database migrations', () => {
    resources.resourcesPath = undefined;
    expect(defaultMigrationsFolder()).toBe(join(projectDir, 'drizzle'));
    expect(migrationTags(join(projectDir, 'drizzle')).length).toBeGreaterThan(0);
    expect(migrationTags(join(projectDir, 'drizzle', 'tokens')).length).toBeGreaterThan(0);
  });
});
