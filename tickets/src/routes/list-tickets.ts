import { Router, type Request } from 'express';
import type { QueryFilter } from 'mongoose';
import {
  afterCursor,
  apiRoutes,
  ForbiddenError,
  HttpError,
  NotAuthorizedError,
  pageRequest,
  setNextLink,
  sortSpec,
  splitPageIn,
  type ErrorItem,
  type PageRequest,
} from '@ticketing/common';
import { Ticket } from '../models/ticket';
import { ticketView, VIEW_FIELDS } from '../models/ticket-view';
import { readTicketQuery, type TicketQuery } from './ticket-query';

/** The page and the query, with the problems of both reported together. */
function readRequest(req: Request): { page: PageRequest; query: TicketQuery } {
  let page: PageRequest | undefined;
  let pageProblems: ErrorItem[] = [];
  try {
    page = pageRequest(req);
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    pageProblems = err.serialize();
  }
  const query = readTicketQuery(req.query, pageProblems);
  // readTicketQuery throws when pageRequest failed, so page is set here.
  return { page: page as PageRequest, query };
}

/**
 * Which tickets: by default every seller's tickets for sale. `?userId=` narrows to one seller; `&status=all`
 * adds their reserved and sold tickets, which only that seller may see (their listings page).
 */
function selection(req: Request, { userId, status }: TicketQuery): QueryFilter<Ticket> {
  const seller = userId === undefined ? {} : { userId };
  if (status === 'for-sale') return { ...seller, sold: false, orderId: null };
  if (!req.currentUser) throw new NotAuthorizedError();
  if (userId !== req.currentUser.id)
    throw new ForbiddenError('Only a seller may list their reserved and sold tickets');
  return seller;
}

/** The search: every word must start a word of the title; prices within the bounds, both inclusive. */
function conditions({ words, minPrice, maxPrice }: TicketQuery): QueryFilter<Ticket> {
  const price = {
    ...(minPrice === undefined ? {} : { $gte: minPrice }),
    ...(maxPrice === undefined ? {} : { $lte: maxPrice }),
  };
  return {
    ...(words.length > 0 ? { searchTerms: { $all: words } } : {}),
    ...(Object.keys(price).length > 0 ? { price } : {}),
  };
}

/**
 * Tickets one page at a time (those for sale, or one seller's: see selection), searched, filtered by price and
 * sorted as asked. The cursor holds the sort key and id of the last ticket shown, so a walk neither repeats nor
 * skips tickets that stay listed while others are listed, reserved or released.
 */
export function listTicketsRouter(): Router {
  const router = Router();
  router.get(apiRoutes.listTickets.path, async (req, res) => {
    const { page, query } = readRequest(req);
    const filter = {
      ...selection(req, query),
      ...conditions(query),
      // In an $and, so the cursor's bound on the price does not replace the price filter's.
      ...(page.after ? { $and: [afterCursor(query.sort, page.after)] } : {}),
    } as QueryFilter<Ticket>;
    // One extra tells whether a next page exists.
    const found = await Ticket.find(filter)
      .select(VIEW_FIELDS)
      .sort(sortSpec(query.sort))
      .limit(page.limit + 1)
      .lean();
    const { page: shown, next } = splitPageIn(query.sort, found, page.limit);
    setNextLink(req, res, page.limit, next);
    res.json(shown.map(ticketView));
  });
  return router;
}
