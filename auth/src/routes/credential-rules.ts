import { body } from 'express-validator';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * A string that is an email, trimmed and lower-cased (nothing else: dots and +tags stay). Checking the type
 * first refuses objects such as {"$gt": ""} that would otherwise reach a query as an operator, and arrays that
 * express-validator would check element by element.
 */
export const emailRule = () =>
  body('email')
    .isString()
    .withMessage('Email must be valid')
    .bail()
    .trim()
    .isEmail()
    .withMessage('Email must be valid')
    .bail()
    .toLowerCase();

/** The password chosen at sign-up. Never trimmed: spaces are part of it. */
export const newPasswordRule = () =>
  body('password')
    .isString()
    .withMessage(`Password must be between ${PASSWORD_MIN_LENGTH} and ${PASSWORD_MAX_LENGTH} characters`)
    .bail()
    .isLength({ min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH })
    .withMessage(`Password must be between ${PASSWORD_MIN_LENGTH} and ${PASSWORD_MAX_LENGTH} characters`);

/**
 * The password given at sign-in: any string up to the sign-up maximum. A too-short one is simply wrong
 * ("Invalid credentials"), so sign-in does not recite the sign-up rules; the maximum bounds the hashing work.
 */
export const passwordRule = () =>
  body('password')
    .isString()
    .withMessage('Password is required')
    .bail()
    .isLength({ min: 1, max: PASSWORD_MAX_LENGTH })
    .withMessage('Password is required');
