// What a hub got wrong (hub_sync_reports): tampered ciphertext, rollbacks, swapped keys, bad join
// proofs. Reported, never acted upon; the words name ids, never a secret. The only writer of
// hub_sync_reports. A finding is recorded once, however often the hub repeats it.
import { and, desc, eq, gt, max } from 'drizzle-orm';
import { hubSyncReports, type HubSyncReportRow } from '../../db/schema/index.js';
import type { VaultSession } from '../../vault/vault.js';

export type ReportKind = HubSyncReportRow['kind'];

export class HubReports {
  constructor(
    private readonly session: () => VaultSession,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records what a hub got wrong, once per distinct finding. */
  record(
    hubId: string,
    kind: ReportKind,
    detail: string,
    ids: { itemId?: string; memberId?: string } = {},
  ): void {
    const { db } = this.session();
    const seen = db
      .select({ id: hubSyncReports.id })
      .from(hubSyncReports)
      .where(
        and(
          eq(hubSyncReports.hubId, hubId),
          eq(hubSyncReports.kind, kind),
          eq(hubSyncReports.detail, detail),
        ),
      )
      .get();
    if (seen) return;
    db.insert(hubSyncReports)
      .values({
        hubId,
        kind,
        detail,
        at: this.now(),
        itemId: ids.itemId ?? null,
        memberId: ids.memberId ?? null,
      })
      .run();
  }

  /** The newest reports first; `afterId` limits them to those recorded since. */
  list(hubId: string, options: { afterId?: number; limit?: number } = {}): HubSyncReportRow[] {
    return this.session()
      .db.select()
      .from(hubSyncReports)
      .where(and(eq(hubSyncReports.hubId, hubId), gt(hubSyncReports.id, options.afterId ?? 0)))
      .orderBy(desc(hubSyncReports.id))
      .limit(options.limit ?? 100)
      .all();
  }

  lastId(hubId: string): number {
    const row = this.session()
      .db.select({ id: max(hubSyncReports.id) })
      .from(hubSyncReports)
      .where(eq(hubSyncReports.hubId, hubId))
      .get();
    return row?.id ?? 0;
  }
}
