// Fans NOTIFY payloads out to this process's SSE subscribers. The payloads come from PostgreSQL, so
// a push served by any hub process on the same database reaches subscribers of every process; this
// class keeps only the live subscriptions, no hub state.
import type { z } from 'zod';
import { HubIdSchema, HubEventSchema, type HubEvent } from '#shared/hub-api.js';

const NoticeSchema = HubEventSchema.extend({ hubId: HubIdSchema });

export type HubEventListener = (event: HubEvent) => void;

export class LiveEvents {
  private readonly listeners = new Map<string, Set<HubEventListener>>();

  subscribe(hubId: string, listener: HubEventListener): () => void {
    const set = this.listeners.get(hubId) ?? new Set();
    set.add(listener);
    this.listeners.set(hubId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(hubId);
    };
  }

  /** Called with each raw NOTIFY payload; malformed payloads are ignored. */
  deliver(payload: string): void {
    let parsed: z.infer<typeof NoticeSchema>;
    try {
      parsed = NoticeSchema.parse(JSON.parse(payload));
    } catch {
      return;
    }
    const { hubId, ...event } = parsed;
    for (const listener of this.listeners.get(hubId) ?? []) listener(event);
  }
}
