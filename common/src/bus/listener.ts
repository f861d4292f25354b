import type { EventData, Subject } from '../events/contracts';
import type { EventBus, MessageContext, SubscribeOptions } from './event-bus';

/**
 * A listener declares its subject and gets typed, validated data. Resolving acks the message; throwing
 * leaves it for redelivery. Handlers must be idempotent: delivery is at least once and in no set order.
 */
export abstract class Listener<S extends Subject> {
  abstract readonly subject: S;
  protected readonly options: SubscribeOptions = {};

  constructor(protected readonly bus: EventBus) {}

  abstract onMessage(data: EventData<S>, context: MessageContext): Promise<void>;

  listen(): Promise<void> {
    return this.bus.subscribe(this.subject, (data, context) => this.onMessage(data, context), this.options);
  }
}
