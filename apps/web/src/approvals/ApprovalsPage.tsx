import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useSocketStatus } from '../api/SocketProvider';
import { useTRPC } from '../api/trpc';
import { ErrorMessage } from '../app/ErrorMessage';
import '../styles/approvals.css';
import { useApprovalsFeed } from './ApprovalsFeedProvider';
import { ApprovalsTable, type Selected } from './ApprovalsTable';
import { asPending } from './pending';
import { PromptDialog } from './PromptDialog';
import { useRunFlows } from './useRunFlows';

/**
 * Prompts the feed does not announce (those the user may only watch) are refetched this often
 * while they are shown; the ones the user may decide refetch on every feed change.
 */
const WATCH_REFRESH_MS = 10_000;

/**
 * `/approvals`: the prompts the signed-in user may decide, across runs, oldest first; optionally
 * also those they may only watch. Live: every feed change refetches the list.
 */
export function ApprovalsPage() {
  const trpc = useTRPC();
  const [all, setAll] = useState(false);
  const [selected, setSelected] = useState<Selected | null>(null);
  const { problem } = useApprovalsFeed();
  const socket = useSocketStatus();
  const pending = useQuery({
    ...trpc.approvals.pending.queryOptions(all ? { all: true } : undefined),
    select: asPending,
    placeholderData: keepPreviousData,
    refetchInterval: all ? WATCH_REFRESH_MS : false,
  });
  const items = useMemo(() => pending.data ?? [], [pending.data]);
  const runIds = useMemo(() => items.map((item) => item.prompt.runId), [items]);
  const flows = useRunFlows(runIds);
  return (
    <main className="page" aria-labelledby="approvals-title">
      <header className="page__header">
        <div>
          <h1 id="approvals-title">Approvals</h1>
          <p className="help">
            Paused steps waiting for a person, across all runs. Open one to see what is asked and
            decide it.
          </p>
        </div>
      </header>
      <div className="approvals-toolbar">
        <label>
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> Also
          show prompts I can only watch
        </label>
        {socket === 'reconnecting' && (
          <span role="status" className="help">
            Reconnecting… the list may be behind.
          </span>
        )}
      </div>
      {problem !== null && (
        <div className="notice notice--warning" role="alert">
          {problem}
        </div>
      )}
      {pending.isError && (
        <ErrorMessage title="Could not load the approvals" error={pending.error} />
      )}
      {pending.isPending ? (
        <p role="status" className="page-status">
          Loading approvals…
        </p>
      ) : items.length === 0 ? (
        <Empty all={all} />
      ) : (
        <ApprovalsTable items={items} flows={flows} onOpen={setSelected} />
      )}
      {selected !== null && (
        <PromptDialog
          key={`${selected.runId}/${selected.interruptId}`}
          runId={selected.runId}
          interruptId={selected.interruptId}
          onClose={() => setSelected(null)}
        />
      )}
    </main>
  );
}

function Empty({ all }: { all: boolean }) {
  return (
    <div className="empty approvals-empty">
      <p>
        <strong>{all ? 'No run is waiting for a decision.' : 'Nothing is waiting for you.'}</strong>
      </p>
      <p>
        When a run reaches an approval step or another pause that you may decide, it appears here at
        once, with its votes so far and its deadline.
        {!all && ' Turn on “Also show prompts I can only watch” to see every waiting prompt.'}
      </p>
    </div>
  );
}
