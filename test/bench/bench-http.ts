import http from 'node:http';

/**
 * A timed GET over `agent` (keep-alive, so connection set-up is not measured): resolves with
 * the milliseconds until the body has been read; rejects on a status other than 200.
 */
export function timedGet(agent: http.Agent, url: string, cookie?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    http
      .get(url, { agent, headers: cookie ? { cookie } : {} }, (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(performance.now() - started)
            : reject(new Error(`${url}: ${res.statusCode}`)),
        );
      })
      .on('error', reject);
  });
}
