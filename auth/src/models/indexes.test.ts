import type { Model } from 'mongoose';
import { expectIndexedQueries } from '@ticketing/common/testing';
import { User } from './user';
import { SignInFailure } from './sign-in-failure';
import { SignUpAttempt } from './sign-up-attempt';

describe('every query of the auth service is served by a declared index', () => {
  it('users', () => {
    expectIndexedQueries(User as unknown as Model<never>, [
      { name: 'sign-up and sign-in by email', equality: ['email'] },
    ]);
  });

  it('sign-in failures', () => {
    expectIndexedQueries(SignInFailure as unknown as Model<never>, [
      { name: 'count in the window', equality: ['key'], range: ['at'] },
      { name: 'oldest in the window', equality: ['key'], sort: { at: 1, _id: 1 }, range: ['at'] },
      { name: 'purge of expired attempts', equality: [], range: ['at'] },
      { name: 'removal of own attempts', equality: ['_id'] },
    ]);
  });

  it('sign-up attempts', () => {
    expectIndexedQueries(SignUpAttempt as unknown as Model<never>, [
      { name: 'count in the window', equality: ['key'], range: ['at'] },
      { name: 'oldest in the window', equality: ['key'], sort: { at: 1, _id: 1 }, range: ['at'] },
      { name: 'purge of expired attempts', equality: [], range: ['at'] },
      { name: 'withdrawal of own attempts', equality: ['_id'] },
    ]);
  });
});
