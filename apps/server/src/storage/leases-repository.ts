import type { StorageContext } from './transaction';

/**
 * Run leases (queue mode): at most one worker drives a run at a time. A lease is taken when free
 * or expired, renewed while the worker drives the run, and released when it stops; a worker that
 * dies simply stops renewing, and its lease expires.
 */
export function leasesRepository({ db, now }: StorageContext) {
  return {
    /** Takes or renews the lease of `runId` for `owner` until now + `ttlMs`; false when held by another. */
    async acquire(runId: string, owner: string, ttlMs: number): Promise<boolean> {
      const at = now();
      const result = await db
        .insertInto('run_leases')
        .values({ run_id: runId, owner, expires_at: at + ttlMs })
        .onConflict((oc) =>
          oc
            .column('run_id')
            .doUpdateSet({ owner, expires_at: at + ttlMs })
            .where((eb) =>
              eb.or([eb('run_leases.owner', '=', owner), eb('run_leases.expires_at', '<', at)]),
            ),
        )
        .executeTakeFirst();
      return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
    },

    /** Gives the lease up (only the owner's). */
    async release(runId: string, owner: string): Promise<void> {
      await db
        .deleteFrom('run_leases')
        .where('run_id', '=', runId)
        .where('owner', '=', owner)
        .execute();
    },
  };
}

export type LeasesRepository = ReturnType<typeof leasesRepository>;
