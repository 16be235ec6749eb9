// The broker's call log is written off the request path: a full batch goes on the next turn of the
// event loop, never inside the call that filled it, and flush() writes everything queued at once.
import { describe, expect, it, vi } from 'vitest';
import { CallRecorder } from '#core/broker/call-recorder.js';
import type { BrokerCall } from '#core/tokens/call-log.js';

const call = (i: number) => ({ tokenId: `t${i}` }) as unknown as BrokerCall;

describe('call recorder', () => {
  it('writes a full batch on the next turn, once, with every call in order', async () => {
    const record = vi.fn<(calls: readonly BrokerCall[]) => void>();
    const recorder = new CallRecorder({ record }, 60_000, 3);
    for (let i = 0; i < 3; i += 1) recorder.add(call(i));
    expect(record).not.toHaveBeenCalled();
    await new Promise((resolve) => setImmediate(resolve));
    expect(record).toHaveBeenCalledTimes(1);
    expect(record.mock.calls[0]?.[0]).toEqual([call(0), call(1), call(2)]);
  });

  it('flush() writes what is queued at once (a policy check needs the totals)', () => {
    const record = vi.fn<(calls: readonly BrokerCall[]) => void>();
    const recorder = new CallRecorder({ record }, 60_000, 256);
    recorder.add(call(1));
    recorder.flush();
    expect(record).toHaveBeenCalledWith([call(1)]);
  });
});
