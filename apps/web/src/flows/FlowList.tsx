import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { memo } from 'react';
import { useTRPC } from '../api/trpc';
import { ErrorMessage } from '../app/ErrorMessage';
import type { FlowNotice } from './flow-types';
import { FlowRow } from './FlowRow';

const PAGE_SIZE = 25;

/** flows.list, newest change first, a page at a time ("Load more"). */
export const FlowList = memo(function FlowList({
  search,
  onNotice,
  mayEdit,
}: {
  search: string;
  onNotice: (notice: FlowNotice) => void;
  /** Duplicate and Delete are offered (the user may edit flows). */
  mayEdit: boolean;
}) {
  const trpc = useTRPC();
  const list = useInfiniteQuery(
    trpc.flows.list.infiniteQueryOptions(
      { search: search === '' ? undefined : search, limit: PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor, placeholderData: keepPreviousData },
    ),
  );

  if (list.isPending) return <p role="status">Loading flows…</p>;
  // A failed "load more" keeps the pages already shown (status is `error` with data).
  if (list.data === undefined) {
    return <ErrorMessage title="Could not load the flows" error={list.error} />;
  }
  const flows = list.data.pages.flatMap((page) => page.items);
  return (
    <section aria-label="Flow list" aria-busy={list.isFetching}>
      {flows.length === 0 ? (
        <p className="empty">
          {search === ''
            ? mayEdit
              ? 'No flows yet. Create one with “New flow”, or import a blueprint file.'
              : 'No flows yet.'
            : `No flow matches “${search}”.`}
        </p>
      ) : (
        <ul className="flow-list" aria-label="Flows">
          {flows.map((flow) => (
            <FlowRow key={flow.id} flow={flow} onNotice={onNotice} mayEdit={mayEdit} />
          ))}
        </ul>
      )}
      {list.isFetchNextPageError && (
        <ErrorMessage title="Could not load more flows" error={list.error} />
      )}
      {list.hasNextPage && (
        <button
          type="button"
          className="button flow-list__more"
          disabled={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
    </section>
  );
});
