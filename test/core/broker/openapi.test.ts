// The OpenAPI document's broker routes against the real server: a minted session fits
// BrokerSession, and the broker's own errors fit ProviderError in each provider's shape, under the
// status the document gives them.
import { describe, expect, it } from 'vitest';
import { bearer, rawGet } from '../../helpers/http.js';
import { doc, issuesOf, jsonSchemaOf, responseOf, setup } from '../endpoint/openapi-document.js';

const proxy = doc.paths['/proxy/{provider}/{path}']!;

describe('OpenAPI document: the broker', () => {
  it('a minted session fits BrokerSession', async () => {
    const { port, token } = await setup();
    const res = await rawGet(port, '/v1/broker/sessions?key=anthropic&pid=1', bearer(token), {
      method: 'POST',
    });
    expect(res.status).toBe(201);
    expect(
      issuesOf(jsonSchemaOf(responseOf(doc.paths['/v1/broker/sessions']!.post!, '201')), res.json),
    ).toBeNull();
    const id = (res.json as { id: string }).id;
    const revoked = await rawGet(port, `/v1/broker/sessions/${id}`, bearer(token), { method: 'DELETE' });
    expect(revoked.status).toBe(204);
  });

  it('broker errors fit ProviderError in the OpenAI, Anthropic and Google shapes, under their status', async () => {
    const { port, token } = await setup();
    const cases: [string, Record<string, string>, number][] = [
      ['/proxy/openai/models', bearer('aik_wrong'), 401],
      ['/proxy/anthropic/v1/models', { 'x-api-key': 'wrong' }, 401],
      ['/proxy/google/v1beta/models?key=wrong', {}, 401],
      ['/proxy/openai/models', bearer(token), 404],
      ['/proxy/acme/models', bearer(token), 404],
      ['/proxy/anthropic/../x', { 'x-api-key': token }, 400],
    ];
    for (const [path, headers, status] of cases) {
      const res = await rawGet(port, path, headers);
      expect([path, res.status]).toEqual([path, status]);
      expect(issuesOf(jsonSchemaOf(responseOf(proxy.get!, String(status))), res.json), path).toBeNull();
    }
  });
});
