import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What travels with one unit of work (an HTTP request or a handled message) across awaits. */
export interface WorkContext {
  correlationId: string;
}

const storage = new AsyncLocalStorage<WorkContext>();

export function runWithContext<T>(context: WorkContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentContext(): WorkContext | undefined {
  return storage.getStore();
}

/** The correlation id of the work in progress, or a fresh one when there is none. */
export function correlationId(): string {
  return storage.getStore()?.correlationId ?? randomUUID();
}
