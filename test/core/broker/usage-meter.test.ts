// Usage read from answers as they pass, whatever the chunk boundaries: each provider's fields, and
// the OpenAI usage chunk the broker asked for taken out again, byte for byte.
import { describe, expect, it } from 'vitest';
import { UsageMeter, type MeterMode } from '#core/broker/usage-meter.js';
import { chatStream, messageStream } from '../../helpers/mock-provider.js';

/** Feeds `text` in chunks of `size` bytes (splitting UTF-8 characters too); returns output and usage. */
function run(mode: MeterMode, text: string, size: number, strip = false) {
  const meter = new UsageMeter(mode, strip, null);
  const bytes = Buffer.from(text, 'utf8');
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(meter.write(bytes.subarray(at, at + size)));
  out.push(meter.end());
  return { out: Buffer.concat(out).toString('utf8'), usage: meter.usage };
}

describe('usage meter', () => {
  it('reads OpenAI chat, embeddings and responses usage from JSON answers', () => {
    const chat = {
      model: 'gpt-4o',
      usage: { prompt_tokens: 100, completion_tokens: 20, prompt_tokens_details: { cached_tokens: 64 } },
    };
    expect(run('json', JSON.stringify(chat), 7).usage).toEqual({
      model: 'gpt-4o',
      inputTokens: 100,
      outputTokens: 20,
      cachedInputTokens: 64,
    });
    const embeddings = { model: 'text-embedding-3-small', usage: { prompt_tokens: 5, total_tokens: 5 } };
    expect(run('json', JSON.stringify(embeddings), 3).usage).toMatchObject({
      inputTokens: 5,
      outputTokens: null,
    });
    const responses = {
      model: 'gpt-5',
      usage: { input_tokens: 30, output_tokens: 9, input_tokens_details: { cached_tokens: 10 } },
    };
    expect(run('json', JSON.stringify(responses), 50).usage).toEqual({
      model: 'gpt-5',
      inputTokens: 30,
      outputTokens: 9,
      cachedInputTokens: 10,
    });
  });

  it('counts Anthropic cache reads and writes as input, and Google usageMetadata', () => {
    const message = {
      model: 'claude-x',
      usage: {
        input_tokens: 10,
        output_tokens: 4,
        cache_read_input_tokens: 100,
        cache_creation_input_tokens: 50,
      },
    };
    expect(run('json', JSON.stringify(message), 9).usage).toEqual({
      model: 'claude-x',
      inputTokens: 160,
      outputTokens: 4,
      cachedInputTokens: 100,
    });
    const gemini = (n: number) =>
      `data: ${JSON.stringify({ modelVersion: 'gemini-2.5-flash', usageMetadata: { promptTokenCount: 12, candidatesTokenCount: n, thoughtsTokenCount: 3 } })}\r\n\r\n`;
    expect(run('sse', gemini(2) + gemini(8), 11).usage).toEqual({
      model: 'gemini-2.5-flash',
      inputTokens: 12,
      outputTokens: 11,
      cachedInputTokens: null,
    });
  });

  it('reads streams at any chunk size, passing them through untouched', () => {
    for (const size of [1, 2, 5, 64, 4096]) {
      const anthropic = run('sse', messageStream().join(''), size);
      expect(anthropic.out).toBe(messageStream().join(''));
      expect(anthropic.usage).toMatchObject({ model: 'claude-test-model', inputTokens: 21, outputTokens: 9 });
      const openai = run('sse', chatStream(true).join(''), size);
      expect(openai.out).toBe(chatStream(true).join(''));
      expect(openai.usage).toMatchObject({ model: 'gpt-4o-mini', inputTokens: 11, outputTokens: 7 });
      const completed = `event: response.completed\ndata: {"type":"response.completed","response":{"model":"gpt-5","usage":{"input_tokens":3,"output_tokens":2}}}\n\n`;
      expect(run('sse', completed, size).usage).toMatchObject({
        model: 'gpt-5',
        inputTokens: 3,
        outputTokens: 2,
      });
    }
  });

  it('takes out the usage it asked for, leaving exactly the stream the client asked for', () => {
    for (const size of [1, 3, 17, 4096]) {
      const { out, usage } = run('sse', chatStream(true, ['héllo', ' wörld ✓']).join(''), size, true);
      expect(out).toBe(chatStream(false, ['héllo', ' wörld ✓']).join(''));
      expect(usage).toMatchObject({ inputTokens: 11, outputTokens: 7 });
    }
  });
});
