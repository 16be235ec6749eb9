// aikey:// references: a key named by where it lives instead of by its value, so a .env file or a
// config template can be committed without a secret in it. Pure and zod-free at run time: `exec` and
// `run` parse references on every start. A reference that does not parse is never echoed back in an
// error (it may be a key pasted in the wrong place); callers name the variable or line instead.
//
// Syntax:  aikey://[HUB/]PROVIDER[/NAME]
//   1 segment    PROVIDER                 name "default", no hub
//   2 segments   PROVIDER/NAME            when the first segment is a provider id
//                HUB/PROVIDER             otherwise (name "default")
//   3 segments   HUB/PROVIDER/NAME
// No hub means the hubs the token may read, Personal first (the wallet's lookup order).
// PROVIDER is a provider id, any case. HUB (a hub name, any case, or id) and NAME are percent-encoded
// UTF-8: the characters A-Z a-z 0-9 - . _ ~ stand for themselves, every other byte (including "/",
// "%" and the space) is written %XX; hex digits may be either case. The scheme is lower case.
// In running text a reference is "aikey://" followed by the longest run of A-Z a-z 0-9 - . _ ~ % /,
// so it ends at whitespace, a quote, "}", ",", ")", ";", "#", "?", "@", ":" or the end of the text.
import { AikeyError } from './errors.js';
import { isProviderId } from './providers.js';
import type { KeyReference } from './schemas/key-reference.js';

export type { KeyReference } from './schemas/key-reference.js';

export const REFERENCE_SCHEME = 'aikey://';

/** Hub and key names in a reference: non-empty, no control characters, at most 128 characters. */
export const REFERENCE_PART = /^[^\p{Cc}]{1,128}$/u;

/** A reference as it appears in text: global, for scanning templates. */
export const REFERENCE_IN_TEXT = /aikey:\/\/[A-Za-z0-9\-._~%/]*/g;

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
const UTF8 = new TextEncoder();
const SEGMENT = /^(?:[A-Za-z0-9\-._~]|%[0-9A-Fa-f]{2})+$/;
const FORM = 'aikey://[hub/]provider[/name], for example aikey://openai/work';

function invalid(reason: string): AikeyError {
  return new AikeyError('InvalidInput', `${reason} A reference is written ${FORM}.`);
}

/** Percent-encodes everything but the unreserved characters, byte by byte of the UTF-8. */
export function encodeReferencePart(text: string): string {
  let out = '';
  for (const char of text) {
    if (UNRESERVED.test(char)) out += char;
    else for (const byte of UTF8.encode(char)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function decodePart(segment: string, what: string): string {
  if (!SEGMENT.test(segment)) {
    throw invalid(
      segment === ''
        ? `A reference has an empty ${what}.`
        : `A reference's ${what} holds a character that must be percent-encoded.`,
    );
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    throw invalid(`A reference's ${what} is not valid percent-encoded UTF-8.`);
  }
  if (!REFERENCE_PART.test(decoded)) {
    throw invalid(`A reference's ${what} must be 1 to 128 characters without control characters.`);
  }
  return decoded;
}

function providerOf(segment: string): KeyReference['provider'] {
  const provider = segment.toLowerCase();
  if (!isProviderId(provider)) throw invalid('A reference names an unknown provider.');
  return provider;
}

export function isReference(text: string): boolean {
  return text.startsWith(REFERENCE_SCHEME);
}

/** Parses one whole reference; throws InvalidInput (without the text) when it is not one. */
export function parseReference(text: string): KeyReference {
  if (!isReference(text)) throw invalid('That is not an aikey:// reference.');
  if (text.length > 1024) throw invalid('A reference is at most 1024 characters long.');
  const segments = text.slice(REFERENCE_SCHEME.length).split('/');
  const [first = '', second, third] = segments;
  switch (segments.length) {
    case 1:
      return { hub: null, provider: providerOf(first), name: 'default' };
    case 2:
      if (isProviderId(first.toLowerCase()))
        return { hub: null, provider: providerOf(first), name: decodePart(second ?? '', 'name') };
      return { hub: decodePart(first, 'hub'), provider: providerOf(second ?? ''), name: 'default' };
    case 3:
      return {
        hub: decodePart(first, 'hub'),
        provider: providerOf(second ?? ''),
        name: decodePart(third ?? '', 'name'),
      };
    default:
      throw invalid('A reference has at most three parts.');
  }
}

/**
 * The canonical text of a reference: the shortest form that parses back to it. With a hub, all three
 * parts are written, so a hub that shares a provider's name is never read as the provider.
 */
export function formatReference(reference: KeyReference): string {
  const name = encodeReferencePart(reference.name);
  if (reference.hub !== null)
    return `${REFERENCE_SCHEME}${encodeReferencePart(reference.hub)}/${reference.provider}/${name}`;
  if (reference.name === 'default') return `${REFERENCE_SCHEME}${reference.provider}`;
  return `${REFERENCE_SCHEME}${reference.provider}/${name}`;
}
