import { apiPath } from './api-path';

describe('apiPath', () => {
  it('when a route template has parameters, then each is filled in, encoded', () => {
    expect(apiPath('/api/orders/:id', { id: '65a1f0c2e4b0a1b2c3d4e5f6' })).toBe(
      '/api/orders/65a1f0c2e4b0a1b2c3d4e5f6',
    );
    expect(apiPath('/api/tickets/:id', { id: '../users/x?y' })).toBe('/api/tickets/..%2Fusers%2Fx%3Fy');
    expect(apiPath('/api/tickets')).toBe('/api/tickets');
  });

  it('when a parameter is missing, then it throws rather than call a wrong path', () => {
    expect(() => apiPath('/api/tickets/:id')).toThrow('no value for :id of /api/tickets/:id');
  });
});
