// The Settings screen's notifications section: one switch per kind of system notification, and the
// two numbers they use (days of warning before a key expires, the rotation period). Main decides
// when a notification is due (src/desktop/notifications.ts); this only edits the settings.
import type { Settings, SettingsPatch } from '#shared/schemas/settings.js';
import { SwitchField } from '../SwitchField';
import { NumberSetting } from './NumberSetting';

interface NotificationSettingsProps {
  settings: Settings;
  save: (patch: SettingsPatch) => Promise<string | null>;
  flip: (patch: SettingsPatch, done: string) => Promise<void>;
}

export function NotificationSettings({ settings, save, flip }: NotificationSettingsProps) {
  return (
    <div className="setting-form">
      <h2>Notifications</h2>
      <SwitchField
        label="When a key is about to expire"
        checked={settings.notifyKeyExpiry}
        hint="Once ahead of time, and again on the day."
        onChange={(on) => void flip({ notifyKeyExpiry: on }, 'Settings saved')}
      />
      <div className="field-grid">
        <NumberSetting
          field="expiryWarningDays"
          label="Warn this many days ahead"
          hint="1 to 90."
          min={1}
          max={90}
          value={settings.expiryWarningDays}
          onSave={save}
        />
        <NumberSetting
          field="rotationReminderDays"
          label="Remind to rotate keys after (days)"
          hint="0 never reminds."
          min={0}
          max={3650}
          value={settings.rotationReminderDays}
          onSave={save}
        />
      </div>
      <SwitchField
        label="When a token is used for the first time or by a new program"
        checked={settings.notifyTokenUse}
        onChange={(on) => void flip({ notifyTokenUse: on }, 'Settings saved')}
      />
      <SwitchField
        label="When a team hub sends altered data"
        checked={settings.notifyHubTampering}
        onChange={(on) => void flip({ notifyHubTampering: on }, 'Settings saved')}
      />
    </div>
  );
}
