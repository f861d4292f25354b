import { z } from 'zod';
import { MAX_PRICE_DOLLARS } from '../http/money';
import { onceThen } from './errors';
import { dateTime, id, OBJECT_ID, pathObjectId, price, priceField, textLength, version } from './fields';
import { pageQuery } from './pagination';

export const MAX_TITLE_LENGTH = 200;
export const MAX_QUERY_LENGTH = 100;
export const MAX_QUERY_WORDS = 8;

const TITLE_REQUIRED = 'Title is required';
const TITLE_HIDDEN_CHARACTERS =
  'Title must not contain control, bidirectional or invisible (zero-width) characters';

/**
 * What a title may not hold, so that a listing cannot pass for another: control characters, bidirectional marks,
 * embeddings, overrides and isolates, and zero-width characters (a zero-width joiner between two emoji, as in 👨‍👩‍👧,
 * excepted: it only draws them as one).
 */
const HIDDEN_CHARACTER =
  /[\p{Cc}\u00AD\u061C\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|(?<!\p{Extended_Pictographic}\uFE0F?)\u200D|\u200D(?!\p{Extended_Pictographic})/u;
const PRICE_MESSAGE = `Price must be a number greater than 0 and at most ${MAX_PRICE_DOLLARS}, with at most 2 decimals`;

/** The body of a create or an edit: title trimmed and in Unicode NFC, price in dollars. */
export const ticketBody = z
  .object({
    title: z
      .string({ error: TITLE_REQUIRED })
      .trim()
      .min(1, TITLE_REQUIRED)
      .refine((title) => !HIDDEN_CHARACTER.test(title), TITLE_HIDDEN_CHARACTERS)
      .transform((title) => title.normalize('NFC'))
      .refine(
        (title) => textLength(title) <= MAX_TITLE_LENGTH,
        `Title must be at most ${MAX_TITLE_LENGTH} characters`,
      )
      .meta({
        maxLength: MAX_TITLE_LENGTH,
        description:
          'Trimmed and normalised to Unicode NFC; control, bidirectional and zero-width characters are refused',
      }),
    price: priceField(PRICE_MESSAGE),
  })
  .meta({ id: 'TicketBody' });

export const ticketSchema = z
  .object({
    id,
    title: z.string(),
    price,
    userId: id,
    /** The order holding the ticket (or, once sold, the one that bought it); null while for sale. */
    orderId: id.nullable(),
    sold: z.boolean(),
    /** When it sold; null while unsold (and for tickets sold before sale times were kept). */
    soldAt: dateTime.nullable(),
    version,
    createdAt: dateTime,
  })
  .meta({ id: 'Ticket' });

export const ticketParams = z.object({ id: pathObjectId('ticket') });

/** The sort orders of the public list; ties are broken by id in the same direction. */
export const TICKET_SORT_NAMES = ['newest', 'price_asc', 'price_desc'] as const;

/** A price bound: dollars with at most 2 decimals, 0 to the highest price, read from the digits. */
export const DOLLARS = /^(\d{1,7})(?:\.(\d{1,2}))?$/;

function priceBound(name: string, label: string) {
  const message = `${label} must be an amount in dollars from 0 to ${MAX_PRICE_DOLLARS}, with at most 2 decimals`;
  return z
    .string({ error: onceThen(name, message) })
    .regex(DOLLARS, message)
    .transform((text, ctx) => {
      const [, whole = '', decimals = ''] = DOLLARS.exec(text) ?? [];
      // From the digits, not through a float, so 19.99 is exactly 1999.
      const cents = Number(whole) * 100 + Number(decimals.padEnd(2, '0'));
      if (cents > MAX_PRICE_DOLLARS * 100) ctx.issues.push({ code: 'custom', message, input: text });
      return cents;
    })
    .meta({ description: `${label}, in dollars (both bounds inclusive), at most ${MAX_PRICE_DOLLARS}` });
}

/**
 * `GET /api/tickets`: each parameter given at most once. A seller's listings (`userId`) are newest first and
 * take no search or price filters; those rules, and what counts as a search word, are the tickets service's.
 */
export const ticketListQuery = pageQuery.extend({
  userId: z
    .string({ error: onceThen('userId', 'userId must be a valid id') })
    .regex(OBJECT_ID, 'userId must be a valid id')
    .transform((value) => value.toLowerCase())
    .meta({ description: "One seller's tickets only (newest first, no search or price filters)" })
    .optional(),
  status: z
    .enum(['for-sale', 'all'], { error: onceThen('status', 'status must be for-sale or all') })
    .meta({
      description:
        "`all` adds the seller's reserved and sold tickets: only with `userId` of the signed-in user",
    })
    .optional(),
  q: z
    .string({ error: onceThen('q', 'q must be given once') })
    .trim()
    .max(MAX_QUERY_LENGTH, `Search words must be at most ${MAX_QUERY_LENGTH} characters`)
    .meta({
      description:
        `Words of the title (at most ${MAX_QUERY_WORDS}, each the start of a title word), case- and accent-insensitive; ` +
        'blank searches nothing; without a letter or digit it is a 400',
    })
    .optional(),
  minPrice: priceBound('minPrice', 'The lowest price').optional(),
  maxPrice: priceBound('maxPrice', 'The highest price').optional(),
  sort: z
    .enum(TICKET_SORT_NAMES, {
      error: onceThen('sort', `sort must be one of ${TICKET_SORT_NAMES.join(', ')}`),
    })
    .meta({ description: 'newest (default), price_asc or price_desc' })
    .optional(),
});

export type TicketBody = z.infer<typeof ticketBody>;
export type Ticket = z.infer<typeof ticketSchema>;
export type TicketSortName = (typeof TICKET_SORT_NAMES)[number];
