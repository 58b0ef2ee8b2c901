import {
  createBuiltinCatalog,
  openAICompatibleProvider,
  rulesProvider,
  type NodeKind,
} from '@triggerflow/nodes';
import { createNodeHttpClient } from '@triggerflow/nodes/node';
import { createAuthService } from './auth/auth-service';
import type { Config } from './config';
import { createFlowService } from './flows/flow-service';
import type { Logger } from './logger';
import { connectQueueMode, type QueueMode } from './queue/queue-mode';
import { openStorage, type Storage } from './storage';
import { RunBus } from './runs/run-bus';
import { createRunService } from './runs/run-service';
import type { Services } from './trpc/context';

/**
 * The composition root: storage, the node catalog (with stored sub-flows resolved through
 * storage), and the services the API calls. `publicUrl` is settled once the port is bound.
 */
/** The configured database, with its background failures logged. */
export function openServerStorage(config: Config, logger: Logger): Promise<Storage> {
  return openStorage({
    url: config.databaseUrl,
    onPoolError: (error) => logger.warn({ err: error }, 'idle database connection failed'),
  });
}

/** Node kinds beyond the built-ins (an application's own; tests register test-only ones). */
export type ExtraKinds = readonly NodeKind<unknown>[];

/** What runs blueprints, shared by API processes and queue workers. */
export function createEngineParts(config: Config, storage: Storage, kinds: ExtraKinds = []) {
  const catalog = createBuiltinCatalog();
  for (const kind of kinds) catalog.register(kind);
  const registry = catalog.registry({
    loadFlow: async ({ flowId, version }) => {
      const at = version ?? (await storage.flows.get(flowId)).latestVersion;
      return (await storage.flows.getVersion(flowId, at)).blueprint;
    },
  });
  // Live resources the built-in steps use: shared by every run, never saved in checkpoints.
  const resources = {
    http: createNodeHttpClient({ allow: config.httpAllow }),
    model: config.model
      ? openAICompatibleProvider({
          baseUrl: config.model.baseUrl,
          model: config.model.name,
          timeoutMs: config.model.timeoutMs,
          maxRetries: config.model.maxRetries,
          ...(config.model.apiKey !== undefined && { apiKey: config.model.apiKey }),
        })
      : rulesProvider(),
  };
  return { catalog, registry, runtimeResources: () => resources };
}

/**
 * The composition root: storage, the node catalog (with stored sub-flows resolved through
 * storage), and the services the API calls; in queue mode (`REDIS_URL`) runs go to workers.
 * `publicUrl` is settled once the port is bound.
 */
export async function createServices(options: {
  config: Config;
  logger: Logger;
  kinds?: ExtraKinds | undefined;
}) {
  const { config, logger } = options;
  const storage = await openServerStorage(config, logger);
  const { catalog, registry, runtimeResources } = createEngineParts(config, storage, options.kinds);
  const bus = new RunBus();
  let queueMode: QueueMode | undefined;
  try {
    if (config.redisUrl !== undefined) {
      queueMode = await connectQueueMode({
        redisUrl: config.redisUrl,
        role: 'api',
        bus,
        logger,
        retry: config.jobRetry,
      });
    }
  } catch (error) {
    await storage.close();
    throw error;
  }
  const runs = createRunService({
    storage,
    registry,
    logger,
    runtimeResources,
    bus,
    quarantineAfter: config.quarantineAfter,
    ...(queueMode && { queue: queueMode }),
  });
  let publicUrl = config.publicUrl ?? `http://${config.host}:${config.port}`;
  const services: Services = {
    storage,
    catalog,
    logger,
    auth: createAuthService({ storage }),
    flows: createFlowService({ storage, registry }),
    runs,
    model: config.model ? 'remote' : 'offline',
    limits: config.limits,
    publicUrl: () => publicUrl,
    close: async () => {
      await runs.stop();
      await queueMode?.close();
      await storage.close();
    },
  };
  return {
    services,
    setPublicUrl: (url: string) => {
      publicUrl = url;
    },
  };
}
