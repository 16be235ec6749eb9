// aikey:// references as users write them: the short forms, the escaping rules, refusals that never
// echo the text, and (fast-check) that every reference formats to text that parses back to itself.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodeReferencePart,
  formatReference,
  parseReference,
  REFERENCE_IN_TEXT,
  type KeyReference,
} from '#shared/key-reference.js';
import { PROVIDER_IDS } from '#shared/providers.js';
import { KeyReferenceSchema } from '#shared/schemas/key-reference.js';
import { failureOf } from '../helpers/errors.js';

describe('parseReference', () => {
  it('reads the one-, two- and three-part forms, with the defaults filled in', () => {
    expect(parseReference('aikey://openai')).toEqual({ hub: null, provider: 'openai', name: 'default' });
    expect(parseReference('aikey://OpenAI/work')).toEqual({ hub: null, provider: 'openai', name: 'work' });
    expect(parseReference('aikey://Team/anthropic')).toEqual({
      hub: 'Team',
      provider: 'anthropic',
      name: 'default',
    });
    expect(parseReference('aikey://personal/openai/default')).toEqual({
      hub: 'personal',
      provider: 'openai',
      name: 'default',
    });
    // A hub named like a provider is reached with all three parts.
    expect(parseReference('aikey://openai/openai/default')).toEqual({
      hub: 'openai',
      provider: 'openai',
      name: 'default',
    });
  });

  it('decodes percent-escapes in hub and name, in either case of hex digit', () => {
    expect(parseReference('aikey://My%20Team/custom/local%20llm')).toEqual({
      hub: 'My Team',
      provider: 'custom',
      name: 'local llm',
    });
    expect(parseReference('aikey://custom/a%2fb%25c').name).toBe('a/b%c');
    expect(parseReference('aikey://custom/caf%C3%A9').name).toBe('café');
  });

  it.each([
    ['not a reference', 'https://openai/work'],
    ['an upper-case scheme', 'AIKEY://openai'],
    ['an unknown provider', 'aikey://acme'],
    ['a hub before an unknown provider', 'aikey://team/acme/work'],
    ['an empty name', 'aikey://anthropic/'],
    ['an empty hub', 'aikey:///openai/work'],
    ['four parts', 'aikey://a/openai/b/c'],
    ['a raw space', 'aikey://custom/local llm'],
    ['a raw @', 'aikey://custom/me@home'],
    ['a broken escape', 'aikey://custom/100%'],
    ['invalid UTF-8', 'aikey://custom/%C3'],
    ['a control character', 'aikey://custom/a%0Ab'],
    ['a name too long', `aikey://custom/${'n'.repeat(129)}`],
  ])('refuses %s without echoing it', (_what, text) => {
    const error = failureOf(() => parseReference(text));
    expect(error.code).toBe('InvalidInput');
    expect(error.message).toContain('aikey://[hub/]provider[/name]');
    expect(error.message).not.toContain(text);
  });
});

describe('formatReference', () => {
  it('writes the shortest form, and all three parts whenever there is a hub', () => {
    expect(formatReference({ hub: null, provider: 'openai', name: 'default' })).toBe('aikey://openai');
    expect(formatReference({ hub: null, provider: 'openai', name: 'work' })).toBe('aikey://openai/work');
    expect(formatReference({ hub: 'Personal', provider: 'openai', name: 'default' })).toBe(
      'aikey://Personal/openai/default',
    );
    expect(formatReference({ hub: 'A/B', provider: 'custom', name: 'local llm (2) @x' })).toBe(
      'aikey://A%2FB/custom/local%20llm%20%282%29%20%40x',
    );
  });

  it('escapes everything but A-Z a-z 0-9 - . _ ~', () => {
    expect(encodeReferencePart('aZ09-._~')).toBe('aZ09-._~');
    expect(encodeReferencePart('/%: "}é')).toBe('%2F%25%3A%20%22%7D%C3%A9');
  });
});

const part = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
  .filter((s) => KeyReferenceSchema.shape.name.safeParse(s).success);
const reference: fc.Arbitrary<KeyReference> = fc.record({
  hub: fc.option(part, { nil: null }),
  provider: fc.constantFrom(...PROVIDER_IDS),
  name: part,
});

describe('round trip (property)', () => {
  it('parse(format(r)) is r, and the result fits the schema', () => {
    fc.assert(
      fc.property(reference, (r) => {
        const parsed = parseReference(formatReference(r));
        expect(parsed).toEqual(r);
        expect(KeyReferenceSchema.parse(parsed)).toEqual(r);
      }),
      { numRuns: 500 },
    );
  });

  it('a formatted reference is found whole in running text, whatever surrounds it', () => {
    const stop = fc.constantFrom(' ', '"', "'", '}', ',', ')', ';', '\n', '#', '?', '@', ':', '');
    fc.assert(
      fc.property(reference, stop, (r, after) => {
        const text = formatReference(r);
        expect(`x="${text}${after}rest`.match(REFERENCE_IN_TEXT)?.[0]).toBe(
          after === '' ? `${text}rest` : text,
        );
      }),
      { numRuns: 300 },
    );
  });
});
