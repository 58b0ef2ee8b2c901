import { TriggerFlow, type HandlerRegistry, type WarningSink } from '@triggerflow/engine';
import type { Storage } from '../storage';
import { withStepGate } from './step-gate';

export interface LoadedFlow {
  flowId: string;
  version: number;
  flow: TriggerFlow;
  /** The blueprint's `meta.inputSchema` (a JSON Schema object) that run inputs must match. */
  inputSchema: Record<string, unknown> | null;
  /** The nodes' labels, by id (nodes without one are not in it). */
  labels: ReadonlyMap<string, string>;
}

function inputSchemaOf(meta: Record<string, unknown> | undefined): Record<string, unknown> | null {
  const schema = meta?.['inputSchema'];
  return schema !== null && typeof schema === 'object' && !Array.isArray(schema)
    ? (schema as Record<string, unknown>)
    : null;
}

const MAX_CACHED = 256;

/**
 * Builds the engine flow of a stored flow version, once: versions are immutable, so the built flow
 * is cached by `flowId@version` (least recently used first out). Its steps are behind the step
 * gate (step-gate.ts), which only suspect runs use. A blueprint that does not build
 * (errors, unknown handlers) throws the engine's error naming the node.
 */
export function createFlowLoader(options: {
  storage: Storage;
  registry: HandlerRegistry;
  onWarning: WarningSink;
}) {
  const { storage, onWarning } = options;
  const registry = withStepGate(options.registry);
  const cache = new Map<string, LoadedFlow>();

  return {
    async load(flowId: string, version?: number): Promise<LoadedFlow> {
      const at = version ?? (await storage.flows.get(flowId)).latestVersion;
      const key = `${flowId}@${at}`;
      const cached = cache.get(key);
      if (cached) {
        cache.delete(key);
        cache.set(key, cached);
        return cached;
      }
      const record = await storage.flows.getVersion(flowId, at);
      const flow = TriggerFlow.fromBlueprint(record.blueprint, registry, { onWarning });
      const loaded = {
        flowId,
        version: at,
        flow,
        inputSchema: inputSchemaOf(record.blueprint.meta),
        labels: new Map(
          record.blueprint.nodes.flatMap((node) =>
            node.label === undefined ? [] : [[node.id, node.label] as const],
          ),
        ),
      };
      cache.set(key, loaded);
      if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
      return loaded;
    },
  };
}

export type FlowLoader = ReturnType<typeof createFlowLoader>;
