import { Visitor } from '../../src/support/api';

export { UnreadableAnswer } from '../../src/support/api';

/**
 * How long one request may go unanswered. A connection the Service's address routed to a pod that has just died
 * hangs (its SYNs go to an address that no longer exists) for a minute or more: past this it is taken as lost.
 */
export const ANSWER_TIMEOUT_MS = 20_000;

/** The e2e Visitor with each request bounded by ANSWER_TIMEOUT_MS. */
export class ClusterVisitor extends Visitor {
  constructor(origin: string) {
    super(origin, ANSWER_TIMEOUT_MS);
  }
}
