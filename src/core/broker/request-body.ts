// The one change the broker makes to a request body: an OpenAI-compatible streamed completion that
// did not ask for usage gets `stream_options.include_usage`, so its tokens can be counted; the
// response side (usage-meter.ts) then removes that usage again, so the client sees exactly what it
// asked for. Every other body goes upstream byte for byte.
import type { ProviderId } from '#shared/providers.js';

export interface PreparedBody {
  body: Buffer;
  model: string | null;
  stripIncludedUsage: boolean;
}

export function prepareBody(
  provider: ProviderId,
  path: string,
  raw: Buffer,
  needModel = false,
): PreparedBody {
  // Most calls are not streamed: unless a policy needs the model now, the answer will name it.
  const completion =
    provider !== 'anthropic' && provider !== 'google' && /\/(?:chat\/)?completions$/.test(path);
  if (!needModel && (!completion || raw.indexOf('"stream"') < 0)) {
    return { body: raw, model: null, stripIncludedUsage: false };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    return { body: raw, model: null, stripIncludedUsage: false };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { body: raw, model: null, stripIncludedUsage: false };
  }
  const request = parsed as Record<string, unknown>;
  const model = typeof request.model === 'string' ? request.model.slice(0, 200) : null;
  const options = request.stream_options;
  const asked =
    typeof options === 'object' &&
    options !== null &&
    'include_usage' in options &&
    options.include_usage === true;
  // Custom endpoints may reject an unknown field; only the providers known to accept it get one.
  if (!completion || request.stream !== true || asked || provider === 'custom' || provider === 'cohere') {
    return { body: raw, model, stripIncludedUsage: false };
  }
  const streamOptions = typeof options === 'object' && options !== null ? options : {};
  request.stream_options = { ...streamOptions, include_usage: true };
  return { body: Buffer.from(JSON.stringify(request), 'utf8'), model, stripIncludedUsage: true };
}
