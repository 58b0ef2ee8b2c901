import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { memo, useMemo } from 'react';
import { useTRPC, type ApiOutputs } from '../api/trpc';
import { useUserNames } from '../approvals/useUserNames';
import { ErrorMessage } from '../app/ErrorMessage';
import { Link } from '../app/Link';
import { runPath } from '../app/router';
import { formatDate, formatWhen } from '../flows/format';
import { formatElapsed, quarantineOf, RUN_STATUS_TEXT } from './run-format';
import { RunStatusBadge } from './RunStatusBadge';
import { isEnded, type RunStatus } from './run-view';
import { useTicker } from './useTicker';

type RunItem = ApiOutputs['runs']['list']['items'][number];

const PAGE_SIZE = 25;
/** While a listed run is open, the list refreshes this often. */
const REFRESH_MS = 2_000;

const anyOpen = (pages: readonly { items: readonly RunItem[] }[] | undefined) =>
  pages?.some((page) => page.items.some((run) => !isEnded(run.status))) ?? false;

/** runs.list newest first, a page at a time ("Load more"), refreshed while runs are open. */
export const RunList = memo(function RunList({
  flowId,
  status,
}: {
  flowId: string | null;
  status: RunStatus | null;
}) {
  const trpc = useTRPC();
  const list = useInfiniteQuery({
    ...trpc.runs.list.infiniteQueryOptions(
      {
        ...(flowId !== null && { flowId }),
        ...(status !== null && { status }),
        limit: PAGE_SIZE,
      },
      { getNextPageParam: (page) => page.nextCursor, placeholderData: keepPreviousData },
    ),
    refetchInterval: (query) => (anyOpen(query.state.data?.pages) ? REFRESH_MS : false),
  });
  const runs = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  const nameOf = useUserNames();
  const now = useTicker(runs.some((run) => !isEnded(run.status)));

  if (list.isPending) return <p role="status">Loading runs…</p>;
  if (list.data === undefined) {
    return <ErrorMessage title="Could not load the runs" error={list.error} />;
  }
  return (
    <section aria-label="Run list" aria-busy={list.isFetching}>
      {runs.length === 0 ? (
        <p className="empty">
          {status === null ? 'No runs yet.' : `No ${RUN_STATUS_TEXT[status].toLowerCase()} runs.`}{' '}
          Start one from the editor with “Run”.
        </p>
      ) : (
        <table className="runs-table" aria-label="Runs">
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Flow</th>
              <th scope="col">Version</th>
              <th scope="col">Status</th>
              <th scope="col">Started by</th>
              <th scope="col">Duration</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <RunRow
                key={run.id}
                run={run}
                flowName={run.flowName}
                startedBy={nameOf(run.startedBy)}
                now={isEnded(run.status) ? null : now}
              />
            ))}
          </tbody>
        </table>
      )}
      {list.isFetchNextPageError && (
        <ErrorMessage title="Could not load more runs" error={list.error} />
      )}
      {list.hasNextPage && (
        <button
          type="button"
          className="button runs-more"
          disabled={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
    </section>
  );
});

const RunRow = memo(function RunRow({
  run,
  flowName,
  startedBy,
  now,
}: {
  run: RunItem;
  flowName: string | null;
  startedBy: string;
  /** The clock for a run still open (its duration so far); null for an ended run. */
  now: number | null;
}) {
  const end = run.finishedAt ?? now ?? run.updatedAt;
  return (
    <tr data-testid={`run-row-${run.id}`} data-status={run.status}>
      <td>
        <Link href={runPath(run.id)} title={`Open the run (${formatDate(run.createdAt)})`}>
          <time dateTime={new Date(run.createdAt).toISOString()}>{formatWhen(run.createdAt)}</time>
        </Link>
      </td>
      <td>{flowName ?? <code>{run.flowId}</code>}</td>
      <td>v{run.version}</td>
      <td>
        <RunStatusBadge status={run.status} quarantine={quarantineOf(run.error)} />
      </td>
      <td>{startedBy}</td>
      <td>
        {formatElapsed(end - run.createdAt)}
        {run.finishedAt === null ? ' so far' : ''}
      </td>
    </tr>
  );
});
