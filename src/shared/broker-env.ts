// SDKs whose base-URL variable is the provider's host rather than its API base: the Groq SDKs read
// GROQ_BASE_URL as https://api.groq.com and add /openai/v1 themselves. Under `aikey exec --broker`
// such a variable points at the broker's origin form, /proxy-origin/<provider>, where the path the
// SDK adds is taken as a path on the key base URL's origin, and must stay under the base URL's path.
import type { ProviderId } from './providers.js';

export const ORIGIN_FORM_ENV: Readonly<Partial<Record<ProviderId, string>>> = {
  groq: 'GROQ_BASE_URL',
};
