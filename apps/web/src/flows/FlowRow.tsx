import { useMutation, useQueryClient } from '@tanstack/react-query';
import { memo, useState } from 'react';
import { useTRPC, useTRPCClient } from '../api/trpc';
import { ErrorMessage } from '../app/ErrorMessage';
import { Link } from '../app/Link';
import { flowPath } from '../app/router';
import { copyName } from './blank-blueprint';
import type { FlowNotice, FlowSummary } from './flow-types';
import { formatDate, formatWhen } from './format';
import { useFlowListInvalidation } from './useFlowListInvalidation';

/** One flow: a link to its editor, then duplicate and delete (delete asks first). */
export const FlowRow = memo(function FlowRow({
  flow,
  onNotice,
  mayEdit,
}: {
  flow: FlowSummary;
  onNotice: (notice: FlowNotice) => void;
  mayEdit: boolean;
}) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const invalidate = useFlowListInvalidation();
  const [confirming, setConfirming] = useState(false);

  const duplicate = useMutation({
    mutationFn: async () => {
      const saved = await queryClient.fetchQuery(trpc.flows.export.queryOptions({ id: flow.id }));
      return client.flows.create.mutate({
        name: copyName(flow.name),
        description: flow.description,
        blueprint: saved.blueprint,
        note: `copy of version ${saved.version}`,
      });
    },
    onSuccess: (result) => {
      onNotice({ kind: 'created', verb: 'Duplicated', result });
      return invalidate();
    },
  });
  const remove = useMutation(
    trpc.flows.delete.mutationOptions({
      onSuccess: () => {
        onNotice({ kind: 'deleted', name: flow.name });
        return invalidate();
      },
    }),
  );
  const failure = duplicate.error ?? remove.error;
  const titleId = `flow-${flow.id}-name`;

  return (
    <li className="flow-row" aria-labelledby={titleId}>
      <div className="flow-row__main">
        <Link href={flowPath(flow.id)} id={titleId} className="flow-row__name">
          {flow.name}
        </Link>
        {flow.description !== '' && <p className="flow-row__description">{flow.description}</p>}
      </div>
      <div className="flow-row__meta">
        <span>v{flow.latestVersion}</span>
        <time dateTime={new Date(flow.updatedAt).toISOString()} title={formatDate(flow.updatedAt)}>
          {formatWhen(flow.updatedAt)}
        </time>
      </div>
      <div className="flow-row__actions">
        {!mayEdit ? null : confirming ? (
          <div role="group" aria-label={`Confirm deleting ${flow.name}`} className="confirm">
            <span>Delete this flow?</span>
            <button
              type="button"
              className="button button--danger"
              disabled={remove.isPending}
              onClick={() => remove.mutate({ id: flow.id })}
            >
              {remove.isPending ? 'Deleting…' : 'Yes, delete'}
            </button>
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        ) : (
          <>
            <button
              type="button"
              className="button"
              aria-label={`Duplicate ${flow.name}`}
              disabled={duplicate.isPending}
              onClick={() => duplicate.mutate()}
            >
              {duplicate.isPending ? 'Duplicating…' : 'Duplicate'}
            </button>
            <button
              type="button"
              className="button"
              aria-label={`Delete ${flow.name}`}
              onClick={() => {
                remove.reset();
                setConfirming(true);
              }}
            >
              Delete
            </button>
          </>
        )}
      </div>
      {failure !== null && (
        <div className="flow-row__error">
          <ErrorMessage
            title={duplicate.error !== null ? 'Could not duplicate' : 'Could not delete'}
            error={failure}
          />
        </div>
      )}
    </li>
  );
});
