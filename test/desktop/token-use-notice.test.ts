// The "new caller" notice through the desktop's hook: the endpoint controller's onTokenUse (which the
// endpoint's caller identification will call) reaches the notification scheduler, so a token used by
// a program it has not seen before gives one notice at once, and a known caller or an unnamed one
// gives none. The endpoint does not report uses yet; this drives the hook the way it will.
import { describe, expect, it } from 'vitest';
import type { Notice } from '#desktop/notifications.js';
import { STRONG_PASSWORD } from '../helpers/temp-wallet.js';
import { newDesktop } from './fixtures.js';

describe('token use reported to the desktop', () => {
  it('notices a caller the token has not seen before, once, and nothing for known or unnamed callers', async () => {
    const shown: Notice[] = [];
    const desktop = newDesktop({ notify: (notice) => shown.push(notice) });
    await desktop.call('vault:create', { password: STRONG_PASSWORD });
    const { summary } = await desktop.call('tokens:create', { name: 'ci-agent' });
    const use = (caller: string | null) =>
      desktop.tokenUsed({ tokenId: summary.id, tokenName: summary.name, caller });

    use('/usr/bin/python3 (pid 4242)');
    use(null);
    use('/usr/bin/python3 (pid 4242)');
    expect(shown.filter((n) => n.id.startsWith('token-new-caller:'))).toEqual([]);

    use('/usr/local/bin/node (pid 777)');
    use('/usr/local/bin/node (pid 777)');
    const newCaller = shown.filter((n) => n.id.startsWith('token-new-caller:'));
    expect(newCaller).toHaveLength(1);
    expect(newCaller[0]).toMatchObject({
      title: 'A token was used from a new program',
      target: { screen: 'tokens' },
    });
    expect(newCaller[0]?.body).toContain('ci-agent');
    expect(newCaller[0]?.body).toContain('/usr/local/bin/node (pid 777)');
  });

  it('shows nothing when the user turned token-use notices off', async () => {
    const shown: Notice[] = [];
    const desktop = newDesktop({
      notify: (notice) => shown.push(notice),
      settings: { notifyTokenUse: false },
    });
    await desktop.call('vault:create', { password: STRONG_PASSWORD });
    const { summary } = await desktop.call('tokens:create', { name: 'quiet' });
    for (const caller of ['a (pid 1)', 'b (pid 2)']) {
      desktop.tokenUsed({ tokenId: summary.id, tokenName: summary.name, caller });
    }
    expect(shown).toEqual([]);
  });
});
