import mongoose, { Schema, type Model } from 'mongoose';
import { expectIndexedQueries, indexServing } from './indexes';

const schema = new Schema({ a: String, b: String, at: Date, n: Number });
schema.index({ a: 1, at: -1, _id: -1 });
schema.index({ b: 1, n: 1 });
const Indexed = mongoose.model('IndexedForCheck', schema) as unknown as Model<never>;

describe('the index check', () => {
  it('when the equality fields lead and the sort follows in order, then the index serves', () => {
    expect(indexServing(Indexed, { name: 'q', equality: ['a'], sort: { at: -1, _id: -1 } })).toBeDefined();
  });

  it('when the sort is the exact reverse, then the index still serves (walked backwards)', () => {
    expect(indexServing(Indexed, { name: 'q', equality: ['a'], sort: { at: 1, _id: 1 } })).toBeDefined();
  });

  it('when the sort mixes directions against the index, then it does not serve', () => {
    expect(indexServing(Indexed, { name: 'q', equality: ['a'], sort: { at: 1, _id: -1 } })).toBeUndefined();
  });

  it('when an equality field is not in the prefix, then it does not serve', () => {
    expect(indexServing(Indexed, { name: 'q', equality: ['n'] })).toBeUndefined();
  });

  it('when a range field follows the equality fields, then it serves', () => {
    expect(indexServing(Indexed, { name: 'q', equality: ['b'], range: ['n'] })).toBeDefined();
  });

  it('when a lookup is by _id, then the implicit _id index serves', () => {
    expect(indexServing(Indexed, { name: 'by id', equality: ['_id'] })).toBeDefined();
  });

  it('when some query is unserved, then the check fails naming it', () => {
    expect(() =>
      expectIndexedQueries(Indexed, [
        { name: 'served', equality: ['a'] },
        { name: 'by n sorted by a', equality: ['n'], sort: { a: 1 } },
      ]),
    ).toThrow('no index of IndexedForCheck serves: by n sorted by a');
  });
});
