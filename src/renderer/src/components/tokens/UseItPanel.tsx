// How a tool uses a token: the endpoint's URL as main reports it, and ready-to-paste examples for
// curl, `aikey exec` and cv-git, aimed at a key the user really has (else Anthropic's "default").
// Examples use $AIKEY_TOKEN, never a real token. Long lines break where a shell allows (a trailing
// backslash) and otherwise scroll sideways; a URL is never split inside a word.
import { useEffect } from 'react';
import type { ProviderId } from '#shared/providers.js';
import { browserClipboard } from '../../services/clipboard';
import { notify, settingsStore, useKeys, useSettings } from '../../stores/index';

interface ExampleKey {
  provider: ProviderId;
  name: string;
}

const FALLBACK_KEY: ExampleKey = { provider: 'anthropic', name: 'default' };

function examples(url: string, { provider, name }: ExampleKey) {
  // The endpoint serves the key named "default" unless asked for another by name.
  const query = name === 'default' ? '' : `?name=${encodeURIComponent(name)}`;
  return [
    {
      title: 'curl',
      text: [
        'export AIKEY_TOKEN=<your token>',
        'curl -H "Authorization: Bearer $AIKEY_TOKEN" \\',
        `  "${url}/v1/keys/${provider}${query}"`,
      ].join('\n'),
    },
    { title: 'aikey exec', text: 'aikey exec -- python agent.py' },
    {
      title: 'cv-git',
      text: `GET ${url}/api/keys/provider/${provider}\nAuthorization: Bearer $AIKEY_TOKEN`,
    },
  ];
}

export function UseItPanel({ onOpenSettings }: { onOpenSettings: () => void }) {
  const endpoint = useSettings((s) => s.endpoint);
  const exampleKey = useKeys((s) => s.keys[0]) ?? FALLBACK_KEY;

  useEffect(() => {
    void settingsStore.getState().refreshEndpoint();
  }, []);

  const copy = (title: string, text: string) =>
    browserClipboard.writeText(text).then(
      () => notify({ title: `${title} example copied` }),
      () =>
        notify({
          title: 'Could not copy',
          description: 'Select the text and copy it by hand.',
          tone: 'error',
        }),
    );

  const url = endpoint?.url ?? null;
  return (
    <section className="panel" aria-labelledby="use-it-title">
      <h2 id="use-it-title">Use it</h2>
      {endpoint === null && <p className="muted">Checking the loopback endpoint…</p>}
      {endpoint !== null && url === null && (
        <div className="state state-error">
          <p>
            {endpoint.enabled
              ? `The loopback endpoint is not running${endpoint.error ? `: ${endpoint.error}` : '.'}`
              : 'The loopback endpoint is off, so tools cannot fetch keys.'}
          </p>
          <button type="button" className="btn" onClick={onOpenSettings}>
            Open Settings
          </button>
        </div>
      )}
      {url !== null && (
        <>
          <p>
            Tools on this computer fetch keys from{' '}
            <code className="endpoint-url" data-testid="endpoint-url">
              {url}
            </code>{' '}
            with a token. <code>aikey exec</code> reads <code>AIKEY_TOKEN</code> and puts the keys in the
            command&apos;s environment.
          </p>
          {examples(url, exampleKey).map(({ title, text }) => (
            <div key={title} className="example">
              <div className="example-header">
                <h3>{title}</h3>
                <button
                  type="button"
                  className="btn btn-small btn-ghost"
                  onClick={() => void copy(title, text)}
                >
                  Copy {title} example
                </button>
              </div>
              {/* Focusable, so a long line can be scrolled with the keyboard (WCAG 2.1.1). */}
              <pre className="mono" tabIndex={0} aria-label={`${title} example`}>
                <code>{text}</code>
              </pre>
            </div>
          ))}
        </>
      )}
    </section>
  );
}
