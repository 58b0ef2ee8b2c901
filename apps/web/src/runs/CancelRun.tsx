import { useMutation } from '@tanstack/react-query';
import { memo, useState } from 'react';
import { useTRPC } from '../api/trpc';
import { ErrorMessage } from '../app/ErrorMessage';

/** Cancels a run that has not ended, after asking once. */
export const CancelRun = memo(function CancelRun({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const [confirming, setConfirming] = useState(false);
  const cancel = useMutation(trpc.runs.cancel.mutationOptions());
  return (
    <>
      {confirming ? (
        <span role="group" aria-label="Confirm cancelling the run" className="confirm">
          <span>Cancel this run?</span>
          <button
            type="button"
            className="button button--danger"
            disabled={cancel.isPending}
            onClick={() =>
              cancel.mutate(
                { id: runId, reason: 'cancelled in the studio' },
                { onSuccess: () => setConfirming(false) },
              )
            }
          >
            {cancel.isPending ? 'Cancelling…' : 'Yes, cancel it'}
          </button>
          <button type="button" className="button" onClick={() => setConfirming(false)}>
            Keep it running
          </button>
        </span>
      ) : (
        <button
          type="button"
          className="button"
          onClick={() => {
            cancel.reset();
            setConfirming(true);
          }}
        >
          Cancel run
        </button>
      )}
      {cancel.isError && <ErrorMessage title="Could not cancel the run" error={cancel.error} />}
    </>
  );
});
