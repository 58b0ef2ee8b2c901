import type { ErrorSchema } from '@rjsf/utils';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { BLUEPRINT_SCHEMA } from '@triggerflow/blueprint';
import { useTRPC } from '../../api/trpc';
import { useDebouncedValue } from '../../flows/useDebouncedValue';
import { nodeToBlueprint, type FlowNode } from '../model/convert';

/**
 * The server's check of one chunk node's config (the rules its zod schema holds beyond the JSON
 * Schema, e.g. an http URL's form): the node alone is sent to `flows.validate`, debounced, and its
 * `INVALID_CONFIG` issues come back as form errors by field. JSONata syntax is checked in the
 * browser as the user types (JsonataWidgets), and the form drops the server's copies of it.
 */
export function useServerConfigCheck(node: FlowNode | undefined): ErrorSchema | undefined {
  const trpc = useTRPC();
  const chunk = node?.data.kind === 'chunk' ? nodeToBlueprint(node) : undefined;
  const text = useDebouncedValue(chunk && JSON.stringify(chunk), 300);
  const blueprint = useMemo(
    () =>
      text === undefined
        ? undefined
        : {
            schema: BLUEPRINT_SCHEMA,
            name: 'check',
            nodes: [JSON.parse(text) as unknown],
            edges: [],
          },
    [text],
  );
  const query = useQuery({
    ...trpc.flows.validate.queryOptions({ blueprint }),
    enabled: blueprint !== undefined,
    staleTime: 60_000,
  });
  const issues = query.data?.issues.filter((i) => i.code === 'INVALID_CONFIG') ?? [];
  if (issues.length === 0) return undefined;
  const errors: Record<string, { __errors: string[] }> = {};
  for (const issue of issues) {
    const field = String(issue.path[4] ?? '');
    if (!field) continue;
    (errors[field] ??= { __errors: [] }).__errors.push(issue.message);
  }
  return errors as ErrorSchema;
}
