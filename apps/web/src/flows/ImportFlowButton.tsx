import { useMutation } from '@tanstack/react-query';
import { memo, type ChangeEvent } from 'react';
import { useTRPC } from '../api/trpc';
import type { FlowNotice } from './flow-types';
import { useFlowListInvalidation } from './useFlowListInvalidation';

export interface ImportProblem {
  title: string;
  error: unknown;
}

/** Largest file sent to the server (a blueprint is JSON text; the server refuses big bodies too). */
const MAX_BYTES = 5 * 1024 * 1024;

/** Reads a blueprint JSON file and hands its text to flows.import, which migrates and checks it. */
export const ImportFlowButton = memo(function ImportFlowButton({
  onImported,
  onProblem,
}: {
  onImported: (notice: FlowNotice) => void;
  /** A failure to show (or null when a new attempt starts); the page shows it inline. */
  onProblem: (problem: ImportProblem | null) => void;
}) {
  const trpc = useTRPC();
  const invalidate = useFlowListInvalidation();
  const importFlow = useMutation(
    trpc.flows.import.mutationOptions({
      onSuccess: (result) => {
        onImported({ kind: 'created', verb: 'Imported', result });
        return invalidate();
      },
    }),
  );

  const pick = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    input.value = ''; // choosing the same file again still imports it
    if (file === undefined) return;
    const title = `Could not import ${file.name}`;
    onProblem(null);
    if (file.size > MAX_BYTES) {
      const size = Math.ceil(file.size / 1024);
      onProblem({ title, error: new Error(`the file is ${size} KB; the limit is 5 MB`) });
      return;
    }
    try {
      const text = await file.text();
      importFlow.mutate({ blueprint: text }, { onError: (error) => onProblem({ title, error }) });
    } catch (error) {
      onProblem({ title, error });
    }
  };

  return (
    <label className={`button${importFlow.isPending ? ' button--busy' : ''}`}>
      {importFlow.isPending ? 'Importing…' : 'Import blueprint file'}
      <input
        type="file"
        className="visually-hidden"
        accept=".json,application/json"
        aria-label="Import blueprint file"
        disabled={importFlow.isPending}
        onChange={(event) => void pick(event)}
      />
    </label>
  );
});
