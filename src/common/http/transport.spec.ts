import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import helmet from 'helmet';
import { replayed } from './transport';

/** The headers a middleware leaves on a fresh response. */
function headersAfter(middleware: ReturnType<typeof replayed>) {
  const req = new IncomingMessage(new Socket());
  const res = new ServerResponse(req);
  res.setHeader('X-Powered-By', 'Express');
  let called = 0;
  middleware(req, res, () => called++);
  expect(called).toBe(1);
  return res.getHeaders();
}

describe(replayed.name, () => {
  it.each([
    [
      'plain HTTP',
      {
        contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
        strictTransportSecurity: false,
      },
    ],
    [
      'HTTPS',
      {
        contentSecurityPolicy: { directives: { upgradeInsecureRequests: [] } },
        strictTransportSecurity: true,
      },
    ],
  ] as const)('should leave exactly the headers helmet leaves (%s)', (_name, options) => {
    const direct = headersAfter(helmet(options));
    expect(Object.keys(direct).length).toBeGreaterThanOrEqual(10);
    expect(direct['x-powered-by']).toBeUndefined();
    expect(headersAfter(replayed(helmet(options)))).toEqual(direct);
  });

  it('should set them again on every response', () => {
    const middleware = replayed(helmet());
    expect(headersAfter(middleware)).toEqual(headersAfter(middleware));
    expect(headersAfter(middleware)['x-content-type-options']).toBe('nosniff');
  });
});
