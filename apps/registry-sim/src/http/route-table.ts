import {
  DEVICE_ADDITION_FAILED,
  INTERNAL_ERROR,
  REQUEST_FAILED,
  RETRIEVE_FAILED,
} from './drs-error';

interface KnownRoute {
  method: string;
  pattern: RegExp;
  /** What DRS answers when this endpoint fails inside (also the errorRate/storeThenErrorRate body). */
  failure: unknown;
}

const seg = '[^/]+';
const route = (method: string, path: string, failure: unknown): KnownRoute => ({
  method,
  pattern: new RegExp(`^${path.replace(/:id/g, seg)}/?$`),
  failure,
});

/** Every route the sim serves, used for 405-vs-404 and for each endpoint's 500 body. */
export const KNOWN_ROUTES: KnownRoute[] = [
  route('POST', '/api/v1/registration', REQUEST_FAILED),
  route('PUT', '/api/v1/registration', REQUEST_FAILED),
  route('GET', '/api/v1/registration', RETRIEVE_FAILED),
  route('POST', '/api/v1/registration/device', DEVICE_ADDITION_FAILED),
  route('GET', '/api/v1/registration/device/:id', RETRIEVE_FAILED),
  route('GET', '/api/v1/registration/sections/:id', RETRIEVE_FAILED),
  route('GET', '/api/v1/registration/:id', RETRIEVE_FAILED),
  route('POST', '/api/v1/deregistration', REQUEST_FAILED),
  route('POST', '/api/v1/deregistration/devices', RETRIEVE_FAILED),
  route('GET', '/api/v1/deregistration/devices/:id', RETRIEVE_FAILED),
  route('GET', '/api/v1/deregistration/:id', RETRIEVE_FAILED),
  route('POST', '/api/v1/search', INTERNAL_ERROR),
  route('GET', '/api/v1/files/download', INTERNAL_ERROR),
  route('GET', '/api/v1/report/download', INTERNAL_ERROR),
  route('GET', '/api/v2/imei/:id', INTERNAL_ERROR),
  route('POST', '/api/v2/imei-batch', INTERNAL_ERROR),
  route('GET', '/api/v2/tac/:id', INTERNAL_ERROR),
  route('POST', '/api/v2/tac', INTERNAL_ERROR),
  route('POST', '/admin/faults', INTERNAL_ERROR),
  route('GET', '/admin/faults', INTERNAL_ERROR),
  route('GET', '/admin/stats', INTERNAL_ERROR),
  route('POST', '/admin/preregister', INTERNAL_ERROR),
  route('POST', '/admin/tacs', INTERNAL_ERROR),
];

export function failureBodyFor(method: string, path: string): unknown {
  const found = KNOWN_ROUTES.find((r) => r.method === method && r.pattern.test(path));
  return found ? found.failure : INTERNAL_ERROR;
}

export function pathIsKnown(path: string): boolean {
  return KNOWN_ROUTES.some((r) => r.pattern.test(path));
}

export function isAdminPath(path: string): boolean {
  return path === '/admin' || path.startsWith('/admin/');
}
