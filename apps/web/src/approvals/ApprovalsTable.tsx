import { memo, type MouseEvent } from 'react';
import { Link } from '../app/Link';
import { flowPath, runPath } from '../app/router';
import { countdownText, formatAge, formatTime } from './time-format';
import type { PendingApproval } from './pending';
import type { RunFlow } from './useRunFlows';
import { useNow } from './useNow';
import { tallyText } from './votes';

export interface Selected {
  runId: string;
  interruptId: string;
}

/** Links in a row open their page, not the row's dialog. */
const stop = (event: MouseEvent) => event.stopPropagation();

/** Inbox rows: one per prompt; a click (or its title button) opens the prompt. */
export const ApprovalsTable = memo(function ApprovalsTable({
  items,
  flows,
  onOpen,
}: {
  items: readonly PendingApproval[];
  flows: ReadonlyMap<string, RunFlow>;
  onOpen: (selected: Selected) => void;
}) {
  const now = useNow(1000);
  return (
    <table className="approvals-table" aria-label="Waiting prompts">
      <thead>
        <tr>
          <th scope="col">Prompt</th>
          <th scope="col">Flow · run</th>
          <th scope="col">Step</th>
          <th scope="col">Waiting since</th>
          <th scope="col">Votes</th>
          <th scope="col">Deadline</th>
        </tr>
      </thead>
      <tbody>
        {items.map(({ prompt, votes, mayDecide, approvalId }) => {
          const flow = flows.get(prompt.runId);
          const open = () => onOpen({ runId: prompt.runId, interruptId: prompt.interruptId });
          return (
            <tr key={approvalId} data-testid={`approval-${prompt.interruptId}`} onClick={open}>
              <td>
                <button
                  type="button"
                  className="approvals-table__title"
                  onClick={(event) => {
                    event.stopPropagation();
                    open();
                  }}
                >
                  {prompt.title}
                </button>
                {!mayDecide && <span className="approvals-table__watch">watch only</span>}
              </td>
              <td>
                {flow === undefined ? (
                  <span className="approvals-table__sub">…</span>
                ) : (
                  <Link href={flowPath(flow.flowId)} onClick={stop}>
                    {flow.flowName ?? flow.flowId}
                  </Link>
                )}
                <div>
                  <Link
                    href={runPath(prompt.runId)}
                    onClick={stop}
                    className="approvals-table__sub"
                  >
                    {flow === undefined ? 'the run' : `run started ${formatTime(flow.startedAt)}`}
                  </Link>
                </div>
              </td>
              <td>{(prompt.nodeId !== null && flow?.stepName(prompt.nodeId)) || '—'}</td>
              <td title={formatTime(prompt.createdAt)}>{formatAge(prompt.createdAt, now)}</td>
              <td>{tallyText(votes, prompt.quorum)}</td>
              <td>
                {prompt.deadlineAt === null ? (
                  <span className="approvals-table__sub">none</span>
                ) : (
                  <span title={formatTime(prompt.deadlineAt)}>
                    {countdownText(prompt.deadlineAt, now)}
                  </span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
});
