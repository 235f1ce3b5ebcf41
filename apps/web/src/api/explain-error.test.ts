import { describe, expect, it } from 'vitest';
import { ApiError } from './client';
import { explainError } from './explain-error';

const t = (key: string, values?: Record<string, unknown>) => (values ? `${key} ${JSON.stringify(values)}` : key);

describe('explainError', () => {
  it('says what to do when the server or the network fails, whatever the API wrote', () => {
    expect(explainError(new ApiError(0, '', 'Failed to fetch'), t)).toBe('errors.offline');
    const outage = new ApiError(503, 'Service Unavailable', 'The database cannot be reached', {
      type: 'https://linetrack.dev/problems/database-unavailable',
    });
    expect(explainError(outage, t)).toBe('errors.databaseUnavailable');
    expect(explainError(new ApiError(500, 'Internal Server Error', 'Something went wrong'), t)).toBe('errors.server');
  });

  it("gives a refusal's own explanation, and names what it cannot explain", () => {
    expect(explainError(new ApiError(409, 'Conflict', 'Expected stage RF.'), t)).toBe('Expected stage RF.');
    expect(explainError(new ApiError(418, 'Teapot', ''), t)).toBe('errors.generic {"detail":"Teapot"}');
    expect(explainError(new TypeError('x is undefined'), t)).toBe('errors.generic {"detail":"TypeError: x is undefined"}');
  });
});
