import { IncomingHttpHeaders, request } from 'http';
import { LookupFunction } from 'net';

/**
 * `localhost` and every `*.localhost` name (the tools' hosts) to 127.0.0.1,
 * as browsers resolve them, without asking DNS; any other name is refused.
 */
const loopbackLookup: LookupFunction = (hostname, options, callback) => {
  if (hostname !== 'localhost' && !hostname.endsWith('.localhost')) {
    callback(new Error(`${hostname} is not a loopback name`), '', 4);
    return;
  }
  if (options.all) {
    (callback as any)(null, [{ address: '127.0.0.1', family: 4 }]);
  } else {
    callback(null, '127.0.0.1', 4);
  }
};

/** A GET whose body is discarded, on loopback only. */
export function getOnLoopback(
  url: URL | string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, lookup: loopbackLookup }, res => {
      res.resume();
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
