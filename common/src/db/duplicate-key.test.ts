import { isDuplicateKeyError } from './duplicate-key';

describe('isDuplicateKeyError', () => {
  it('when mongod names the index in keyPattern, then the field is read from it', () => {
    const err = { code: 11000, keyPattern: { buyerSlot: 1 }, message: 'E11000 duplicate key error' };
    expect(isDuplicateKeyError(err)).toBe(true);
    expect(isDuplicateKeyError(err, 'buyerSlot')).toBe(true);
    expect(isDuplicateKeyError(err, 'lockKey')).toBe(false);
  });

  it('when only the message names the index (the stand-in), then the field is read from it', () => {
    const err = {
      code: 11000,
      message: 'E11000 duplicate key error collection: o.orders index: lockKey_1 dup key: { lockKey: "x" }',
    };
    expect(isDuplicateKeyError(err, 'lockKey')).toBe(true);
    expect(isDuplicateKeyError(err, 'buyerSlot')).toBe(false);
  });

  it('when the error is something else, then it is not a duplicate key', () => {
    expect(isDuplicateKeyError(new Error('boom'))).toBe(false);
    expect(isDuplicateKeyError({ code: 11001 }, 'lockKey')).toBe(false);
    expect(isDuplicateKeyError(null)).toBe(false);
  });
});
