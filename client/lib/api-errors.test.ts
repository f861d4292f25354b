import { errorsOf, sortErrors } from './api-errors';

describe('errorsOf', () => {
  it('when the body has the services error shape, then its messages are kept', () => {
    const body = { errors: [{ message: 'Email in use', field: 'email' }, { message: 'Too short' }] };
    expect(errorsOf(body, 400)).toEqual(body.errors);
  });

  it('when the body is not the error shape, then one message fitting the status is given', () => {
    expect(errorsOf('<html>Bad gateway</html>', 502)).toEqual([
      { message: 'Something went wrong. Please try again.' },
    ]);
    expect(errorsOf({ errors: [{ msg: 'x' }] }, 401)).toEqual([{ message: 'Please sign in first.' }]);
  });
});

describe('sortErrors', () => {
  it('when an error names a field of the form, then it goes beside that field; others go to the form', () => {
    const sorted = sortErrors(
      [
        { message: 'Title is required', field: 'title' },
        { message: 'Cannot edit a reserved ticket' },
        { message: 'Invalid ticket id', field: 'ticketId' },
      ],
      ['title', 'price'],
    );
    expect(sorted.byField).toEqual({ title: 'Title is required' });
    expect(sorted.general).toEqual(['Cannot edit a reserved ticket', 'Invalid ticket id']);
  });
});
