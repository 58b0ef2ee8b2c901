import { memo, useState } from 'react';
import { Link } from '../app/Link';
import { runsPath } from '../app/router';
import type { RunCheck } from '../editor/model/validation';
import { useEditor } from '../editor/store/context';
import { StartRunDialog } from './StartRunDialog';

/**
 * The editor toolbar's run controls: "Run" (disabled, with the reason, while the flow has
 * errors) opens the start dialog; "Runs" opens this flow's run history. Someone who may not run
 * flows (`mayRun` false) gets "Runs" only.
 */
export const RunButton = memo(function RunButton({
  check,
  mayRun = true,
}: {
  check: RunCheck;
  mayRun?: boolean;
}) {
  const flowId = useEditor((s) => s.flowId);
  const [starting, setStarting] = useState(false);
  return (
    <>
      {mayRun && (
        <>
          <span
            id="run-reason"
            className="help run-reason"
            data-testid="run-reason"
            title={check.ok ? undefined : check.message}
          >
            {check.ok ? '' : check.message}
          </span>
          <button
            type="button"
            className="button button--primary"
            disabled={!check.ok}
            aria-describedby="run-reason"
            title={check.ok ? 'Start a run of this flow' : check.message}
            onClick={() => setStarting(true)}
          >
            Run
          </button>
        </>
      )}
      <Link href={runsPath({ flowId })} className="button">
        Runs
      </Link>
      {starting && <StartRunDialog onClose={() => setStarting(false)} />}
    </>
  );
});
