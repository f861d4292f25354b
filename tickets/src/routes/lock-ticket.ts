import { HttpError, LockTimeoutError, withDocumentLock } from '@ticketing/common';
import { Ticket } from '../models/ticket';

/** Runs a read-modify-write of one ticket under its lock; a lock that stays busy is a clean 503, not a 500. */
export async function lockTicket<T>(id: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await withDocumentLock(Ticket, id, fn);
  } catch (err) {
    if (err instanceof LockTimeoutError) throw new HttpError(503, 'Ticket is busy; please try again');
    throw err;
  }
}
