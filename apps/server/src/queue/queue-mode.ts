import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import type { JobRetry } from '../config';
import type { Logger } from '../logger';
import type { RunBus } from '../runs/run-bus';
import { channelsFor, feedBusFromRedis, redisTransport, type ControlMessage } from './redis-bus';
import { createRunQueue, type RunQueue } from './run-queue';

export interface QueueMode {
  role: 'api' | 'worker';
  queue: RunQueue;
  /** This process, as a lease owner. */
  owner: string;
  /** BullMQ needs its own connections (`maxRetriesPerRequest: null`). */
  connection: () => Redis;
  control(message: ControlMessage): Promise<void>;
  close(): Promise<void>;
}

/**
 * Connects a process to queue mode: the bus publishes through Redis (every process hears every
 * run's events; API processes hand them to their sockets), the run queue, and the control
 * channel (`onControl`: workers cancel runs they drive when an API process asks).
 */
export async function connectQueueMode(options: {
  redisUrl: string;
  role: 'api' | 'worker';
  bus: RunBus;
  logger: Logger;
  /** How the jobs this process enqueues are retried. */
  retry: JobRetry;
  onControl?: (message: ControlMessage) => void;
}): Promise<QueueMode> {
  const { redisUrl, role, bus, logger } = options;
  const connections: Redis[] = [];
  const connect = () => {
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
    redis.on('error', (error) => logger.warn({ err: error }, 'Redis connection error'));
    connections.push(redis);
    return redis;
  };
  const channels = channelsFor(redisUrl);
  const publisher = connect();
  await publisher.ping();
  bus.transport = redisTransport(publisher, channels);
  await feedBusFromRedis(connect(), channels, bus, logger, options.onControl);
  const queue = createRunQueue(connect(), options.retry);
  return {
    role,
    queue,
    owner: `${role}:${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    connection: connect,
    control: async (message) => {
      await publisher.publish(channels.control, JSON.stringify(message));
    },
    async close() {
      await queue.close();
      bus.transport = undefined;
      await Promise.all(connections.map((redis) => redis.quit().catch(() => undefined)));
    },
  };
}
