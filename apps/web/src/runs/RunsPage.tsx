import { useId } from 'react';
import '../styles/runs.css';
import { Link } from '../app/Link';
import { flowPath, navigate, runsPath } from '../app/router';
import { RUN_STATUS_TEXT } from './run-format';
import type { RunStatus } from './run-view';
import { RunList } from './RunList';
import { useFlowNames } from './useFlowNames';

export const LIST_STATUSES: readonly RunStatus[] = [
  'queued',
  'running',
  'paused',
  'completed',
  'failed',
  'cancelled',
];

const isStatus = (value: string | null): value is RunStatus =>
  value !== null && (LIST_STATUSES as readonly string[]).includes(value);

/** `/runs`, `/runs?flowId=…&status=…`: run history across flows or of one, newest first. */
export function RunsPage({ flowId, status }: { flowId: string | null; status: string | null }) {
  const filterId = useId();
  const known = isStatus(status) ? status : null;
  const flowName = useFlowNames(flowId === null ? [] : [flowId]);
  const setStatus = (next: string) =>
    navigate(runsPath({ flowId, status: next === '' ? null : next }), { replace: true });
  return (
    <main className="page runs-page" aria-labelledby="runs-title">
      <header className="page__header">
        <h1 id="runs-title">
          {flowId === null ? 'Runs' : `Runs of ${flowName(flowId) ?? flowId}`}
        </h1>
        {flowId !== null && (
          <div className="page__actions">
            <Link href={flowPath(flowId)} className="button">
              Open the flow
            </Link>
            <Link href={runsPath({ status: known })} className="button">
              Runs of all flows
            </Link>
          </div>
        )}
      </header>
      <div className="runs-filters">
        <div className="field">
          <label htmlFor={filterId} className="field__label">
            Status
          </label>
          <select
            id={filterId}
            className="input"
            value={known ?? ''}
            onChange={(event) => setStatus(event.target.value)}
          >
            <option value="">Any status</option>
            {LIST_STATUSES.map((s) => (
              <option key={s} value={s}>
                {RUN_STATUS_TEXT[s]}
              </option>
            ))}
          </select>
        </div>
      </div>
      {status !== null && known === null && (
        <p className="notice notice--warning" role="status">
          “{status}” is not a run status: showing runs of any status.
        </p>
      )}
      <RunList flowId={flowId} status={known} />
    </main>
  );
}
