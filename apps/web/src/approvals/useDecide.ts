import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC, type ApiOutputs } from '../api/trpc';
import type { Decision } from './decision';

export type DecideResult = ApiOutputs['approvals']['decide'];

/** 16 random bytes as hex (`crypto.randomUUID` needs a secure context; this does not). */
function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `dialog-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * Deciding one prompt: `approvals.decide` with one idempotency key for the dialog's lifetime, so
 * pressing again after a network error is applied once by the server.
 */
export function useDecide(runId: string, interruptId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [idempotencyKey] = useState(newKey);
  const mutation = useMutation(
    trpc.approvals.decide.mutationOptions({
      onSettled: () => queryClient.invalidateQueries(trpc.approvals.pending.pathFilter()),
    }),
  );
  const send = (decision: Decision) =>
    mutation.mutate({ runId, interruptId, idempotencyKey, ...decision });
  return { ...mutation, send };
}
