// Settings apply as soon as they change: a number when the user leaves its field, a switch when
// flipped. Main validates and applies every change (a new port restarts the endpoint); its answer
// is shown, never assumed.
import { useEffect } from 'react';
import type { SettingsPatch } from '#shared/schemas/settings.js';
import { ChangePasswordForm } from '../components/settings/ChangePasswordForm';
import { CliCommandSetting } from '../components/settings/CliCommandSetting';
import { KeychainSetting } from '../components/settings/KeychainSetting';
import { NumberSetting } from '../components/settings/NumberSetting';
import { LoadFailed, Loading } from '../components/States';
import { SwitchField } from '../components/SwitchField';
import { NotificationSettings } from '../components/settings/NotificationSettings';
import { messageOf } from '../services/services';
import { notify, settingsStore, useSettings } from '../stores/index';

const NUMBER_FIELDS = [
  {
    field: 'autoLockMinutes',
    label: 'Auto-lock after (minutes)',
    hint: '0 never locks on idle.',
    min: 0,
    max: 1440,
  },
  {
    field: 'clipboardClearSeconds',
    label: 'Clear clipboard after (seconds)',
    hint: '5 to 600.',
    min: 5,
    max: 600,
  },
  {
    field: 'revealSeconds',
    label: 'Hide revealed keys after (seconds)',
    hint: '5 to 300.',
    min: 5,
    max: 300,
  },
] as const;

async function save(patch: SettingsPatch, done = 'Settings saved'): Promise<string | null> {
  try {
    await settingsStore.getState().save(patch);
    notify({ title: done });
    return null;
  } catch (failure) {
    return messageOf(failure);
  }
}

/** A switch has no room for an error of its own, so a refusal is a toast. */
async function flip(patch: SettingsPatch, done: string): Promise<void> {
  const error = await save(patch, done);
  if (error !== null) notify({ title: 'Could not change the setting', description: error, tone: 'error' });
}

function EndpointState() {
  const endpoint = useSettings((s) => s.endpoint);
  if (endpoint === null) return null;
  if (endpoint.running && endpoint.url !== null)
    return (
      <span className="field-ok">
        Running at <code>{endpoint.url}</code>
      </span>
    );
  if (!endpoint.enabled) return <span>Off: tools cannot fetch keys until you turn it on.</span>;
  return (
    <span className="field-error">Not running{endpoint.error === null ? '.' : `: ${endpoint.error}`}</span>
  );
}

export function SettingsScreen() {
  const settings = useSettings((s) => s.settings);
  const status = useSettings((s) => s.status);
  const loadError = useSettings((s) => s.error);

  useEffect(() => {
    void settingsStore.getState().load();
  }, []);

  if (settings === null)
    return (
      <section className="screen" aria-labelledby="settings-title">
        <h1 id="settings-title" tabIndex={-1}>
          Settings
        </h1>
        {status === 'error' ? (
          <LoadFailed message={loadError ?? ''} onRetry={() => void settingsStore.getState().load()} />
        ) : (
          <Loading what="settings" />
        )}
      </section>
    );

  return (
    <section className="screen screen-narrow" aria-labelledby="settings-title">
      <div className="screen-header">
        <div>
          <h1 id="settings-title" tabIndex={-1}>
            Settings
          </h1>
          <p className="screen-subtitle">Changes apply at once.</p>
        </div>
      </div>
      <div className="setting-form">
        <h2>Locking and the clipboard</h2>
        <div className="field-grid">
          {NUMBER_FIELDS.map((f) => (
            <NumberSetting key={f.field} {...f} value={settings[f.field]} onSave={save} />
          ))}
        </div>
        <SwitchField
          label="Lock when the computer sleeps"
          checked={settings.lockOnSuspend}
          hint="Also locks when the screen locks."
          onChange={(on) => void flip({ lockOnSuspend: on }, 'Settings saved')}
        />
        <KeychainSetting />
      </div>
      <div className="setting-form">
        <h2>Loopback endpoint</h2>
        <SwitchField
          label="Loopback endpoint"
          checked={settings.endpointEnabled}
          hint={<EndpointState />}
          onChange={(on) =>
            void flip({ endpointEnabled: on }, on ? 'Endpoint turned on' : 'Endpoint turned off')
          }
        />
        <div className="field-grid">
          <NumberSetting
            field="endpointPort"
            label="Endpoint port"
            hint="1024 to 65535, or 0 for any free port. Tools find the port in endpoint.json."
            min={0}
            max={65535}
            value={settings.endpointPort}
            onSave={save}
          />
        </div>
      </div>
      <div className="setting-form">
        <h2>Starting and closing</h2>
        <p className="field-hint">
          Closing the window keeps AIKey Wallet running in the tray, so your tools can still reach the
          endpoint. Quit from the tray icon to stop it.
        </p>
        <SwitchField
          label="Start at login"
          checked={settings.startAtLogin}
          onChange={(on) => void flip({ startAtLogin: on }, 'Settings saved')}
        />
        <SwitchField
          label="Start hidden"
          checked={settings.startHidden}
          hint="Start in the tray, without opening the window."
          onChange={(on) => void flip({ startHidden: on }, 'Settings saved')}
        />
      </div>
      <NotificationSettings settings={settings} save={save} flip={flip} />
      <CliCommandSetting />
      <ChangePasswordForm />
    </section>
  );
}
