import { BadRequestError, NotFoundError } from '../errors/http-error';
import { bodyId, isObjectId, pathId } from './object-id';

const VALID = '65a1f0c2e4b0a1b2c3d4e5f6';
const malformed: [string, unknown][] = [
  ['too short', VALID.slice(1)],
  ['too long', `${VALID}0`],
  ['not hex', 'zzzzzzzzzzzzzzzzzzzzzzzz'],
  ['a 12-character string (mongoose would take it as bytes)', 'abcdefghijkl'],
  ['surrounded by spaces', ` ${VALID} `],
  ['a number', 42],
  ['an array holding a valid id', [VALID]],
  ['an object', { $ne: null }],
  ['undefined', undefined],
];

/** What fn throws; a test fails if it throws nothing. */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('isObjectId', () => {
  it('when the value is 24 hex digits in either case, then it is an id', () => {
    expect(isObjectId(VALID)).toBe(true);
    expect(isObjectId(VALID.toUpperCase())).toBe(true);
  });

  it.each(malformed)('when the value is %s, then it is not an id', (_case, value) => {
    expect(isObjectId(value)).toBe(false);
  });
});

describe('pathId', () => {
  it('when the id is valid, then it comes back in lower case', () => {
    expect(pathId(VALID.toUpperCase(), 'Ticket')).toBe(VALID);
  });

  it.each(malformed)('when the path id is %s, then it is a 404 naming the resource', (_case, value) => {
    const error = thrownBy(() => pathId(value, 'Ticket'));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ statusCode: 404, message: 'Ticket not found', field: undefined });
  });
});

describe('bodyId', () => {
  it('when the id is valid, then it comes back in lower case', () => {
    expect(bodyId(VALID.toUpperCase(), 'ticketId')).toBe(VALID);
  });

  it.each(malformed)('when the body id is %s, then it is a 400 naming the field', (_case, value) => {
    const error = thrownBy(() => bodyId(value, 'ticketId'));
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).statusCode).toBe(400);
    expect((error as BadRequestError).serialize()).toEqual([
      { message: 'ticketId must be a valid id', field: 'ticketId' },
    ]);
  });
});
