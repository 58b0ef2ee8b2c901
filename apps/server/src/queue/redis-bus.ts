import type { RunEvent } from '@triggerflow/blueprint';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger';
import type { ApprovalChange, BusTransport, RunBus } from '../runs/run-bus';

/**
 * The channels every process of one deployment shares. Redis pub/sub ignores the logical
 * database, so the channel names carry it: deployments on one Redis server with different
 * database numbers do not hear each other.
 */
export function channelsFor(redisUrl: string) {
  const db = /^rediss?:\/\/[^/]*\/(\d+)/.exec(redisUrl)?.[1] ?? '0';
  const prefix = `triggerflow:${db}`;
  return {
    events: `${prefix}:run-events`,
    approvals: `${prefix}:approvals`,
    control: `${prefix}:control`,
  };
}
export type Channels = ReturnType<typeof channelsFor>;

/** A control message: an API process asks whichever worker drives a run to cancel it. */
export interface ControlMessage {
  type: 'cancel';
  runId: string;
  reason: string;
  actor: string;
}

/** Queue mode's bus transport: what any process publishes goes through Redis to every process. */
export function redisTransport(publisher: Redis, channels: Channels): BusTransport {
  return {
    sendRunEvents: (events) => void publisher.publish(channels.events, JSON.stringify(events)),
    sendApprovalChange: (change) =>
      void publisher.publish(channels.approvals, JSON.stringify(change)),
  };
}

/**
 * Feeds `bus` with what every process publishes (API processes: their sockets see the events
 * workers commit). Redis keeps one publisher's messages in order; the gateway reads any gap from
 * storage.
 */
export async function feedBusFromRedis(
  subscriber: Redis,
  channels: Channels,
  bus: RunBus,
  logger: Logger,
  onControl?: (message: ControlMessage) => void,
): Promise<void> {
  subscriber.on('message', (channel: string, text: string) => {
    try {
      if (channel === channels.events) bus.deliverRunEvents(JSON.parse(text) as RunEvent[]);
      else if (channel === channels.approvals) {
        bus.deliverApprovalChange(JSON.parse(text) as ApprovalChange);
      } else if (channel === channels.control) onControl?.(JSON.parse(text) as ControlMessage);
    } catch (error) {
      logger.error({ err: error, channel }, 'bad message on a Redis channel');
    }
  });
  await subscriber.subscribe(channels.events, channels.approvals, channels.control);
}
