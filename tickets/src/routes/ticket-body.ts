import { body } from 'express-validator';
import { isValidPrice, MAX_PRICE_DOLLARS } from '@ticketing/common';

export const MAX_TITLE_LENGTH = 200;

/** The validated body of a create or edit: title trimmed, price in dollars. */
export interface TicketBody {
  title: string;
  price: number;
}

export const ticketBodyRules = [
  body('title')
    .isString()
    .withMessage('Title is required')
    .bail()
    .trim()
    .notEmpty()
    .withMessage('Title is required')
    .bail()
    .isLength({ max: MAX_TITLE_LENGTH })
    .withMessage(`Title must be at most ${MAX_TITLE_LENGTH} characters`),
  body('price')
    .custom((value: unknown) => isValidPrice(value))
    .withMessage(
      `Price must be a number greater than 0 and at most ${MAX_PRICE_DOLLARS}, with at most 2 decimals`,
    ),
];
