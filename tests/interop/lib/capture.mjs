// A stand-in webhook receiver for the bridge's replay verb: it records every request and checks its signature with the
// provider's official verifier the moment it arrives (Paddle's SDK allows only 5 s), plus a tampered copy that must fail.
import { createServer } from 'node:http';
import { officialVerify, providers, tamper } from './providers.mjs';

export async function startCaptureServer() {
  const requests = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const headers = { ...req.headers };
      const provider = /^\/webhooks\/([^/]+)\/[^/]+$/.exec(req.url)?.[1];
      const record = { method: req.method, path: req.url, provider, headers, body, verified: null, tamperedRejected: null };
      requests.push(record);
      if (providers[provider]) {
        const { secret } = providers[provider];
        record.verified = await officialVerify(provider, body, headers, secret).then(() => true, (e) => e.message);
        record.tamperedRejected = await officialVerify(provider, tamper(body), headers, secret).then(() => 'accepted', () => true);
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ received: true, id: 'evt_x', duplicate: false }));
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    take: () => requests.splice(0, requests.length),
    close: () => new Promise((r) => server.close(r)),
  };
}
