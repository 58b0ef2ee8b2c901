import type { RunEvent } from '@triggerflow/blueprint';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger';
import type { ApprovalChange, BusTransport, RunBus } from '../runs/run-bus';

/** The channels every process of one deployment shares. */
export const EVENTS_CHANNEL = 'triggerflow:run-events';
export const APPROVALS_CHANNEL = 'triggerflow:approvals';
export const CONTROL_CHANNEL = 'triggerflow:control';

/** A control message: an API process asks whichever worker drives a run to cancel it. */
export interface ControlMessage {
  type: 'cancel';
  runId: string;
  reason: string;
  actor: string;
}

/** Queue mode's bus transport: what any process publishes goes through Redis to every process. */
export function redisTransport(publisher: Redis): BusTransport {
  return {
    sendRunEvents: (events) => void publisher.publish(EVENTS_CHANNEL, JSON.stringify(events)),
    sendApprovalChange: (change) =>
      void publisher.publish(APPROVALS_CHANNEL, JSON.stringify(change)),
  };
}

/**
 * Feeds `bus` with what every process publishes (API processes: their sockets see the events
 * workers commit). Redis keeps one publisher's messages in order; the gateway reads any gap from
 * storage.
 */
export async function feedBusFromRedis(
  subscriber: Redis,
  bus: RunBus,
  logger: Logger,
  onControl?: (message: ControlMessage) => void,
): Promise<void> {
  subscriber.on('message', (channel: string, text: string) => {
    try {
      if (channel === EVENTS_CHANNEL) bus.deliverRunEvents(JSON.parse(text) as RunEvent[]);
      else if (channel === APPROVALS_CHANNEL) {
        bus.deliverApprovalChange(JSON.parse(text) as ApprovalChange);
      } else if (channel === CONTROL_CHANNEL) onControl?.(JSON.parse(text) as ControlMessage);
    } catch (error) {
      logger.error({ err: error, channel }, 'bad message on a Redis channel');
    }
  });
  await subscriber.subscribe(EVENTS_CHANNEL, APPROVALS_CHANNEL, CONTROL_CHANNEL);
}
