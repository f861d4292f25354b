import mongoose from 'mongoose';
import { BusyError } from '../db/versioned';
import { connectionErrors } from './__tests__/connection-errors';
import { isTransientError } from './transient-error';

const { mongo } = mongoose;

describe('isTransientError', () => {
  it('when the database is unreachable, not primary or timing out, then every such error is transient', async () => {
    const errors = await connectionErrors();
    expect(errors.map(([name]) => name)).toHaveLength(7);
    for (const [name, err] of errors)
      expect({ name, transient: isTransientError(err) }).toEqual({ name, transient: true });
  });

  it('when the driver errors are real, then they are the classes the classifier names', async () => {
    const [[, serverSelection], [, buffering]] = await connectionErrors();
    expect(serverSelection).toBeInstanceOf(mongo.MongoServerSelectionError);
    expect(buffering).toBeInstanceOf(mongoose.Error);
    expect(buffering?.message).toMatch(/buffering timed out/);
  });

  it('when a conditional write kept losing its race, then it is transient', () => {
    expect(isTransientError(new BusyError('Ticket'))).toBe(true);
  });

  it.each([
    ['a duplicate key', new mongo.MongoServerError({ message: 'E11000 duplicate key', code: 11000 })],
    ['a validation error', new mongoose.Error.ValidationError()],
    ['a cast error', new mongoose.Error.CastError('ObjectId', 'nope', '_id')],
    ['a plain error', new Error('cannot read properties of undefined')],
    ['a string', 'lock lost'],
    ['undefined', undefined],
  ])('when the error is %s, then it is not transient', (_case, err) => {
    expect(isTransientError(err)).toBe(false);
  });
});
