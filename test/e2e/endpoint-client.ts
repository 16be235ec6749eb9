// How a local CLI reads a key: a plain Node fetch to the loopback endpoint URL the app shows, with
// the bearer token in the Authorization header (never in the URL). Used by the journeys to prove the
// token the UI issued works, stops working, and meets a locked vault.
export interface EndpointAnswer {
  status: number;
  key: string | null;
}

export async function fetchKey(
  endpointUrl: string,
  token: string,
  provider: string,
  name: string,
): Promise<EndpointAnswer> {
  const url = new URL(`/v1/keys/${encodeURIComponent(provider)}`, endpointUrl);
  url.searchParams.set('name', name);
  const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  const body = (await response.json()) as { key?: unknown };
  return { status: response.status, key: typeof body.key === 'string' ? body.key : null };
}
