import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

// The floor of part (5): the least a Node process can do per code request. node:http with no
// framework, the form read into URLSearchParams, one Redis write (SET NX with a TTL, the code's
// record) and a JSON answer of the usual fields. No rate limit, no checks, no headers beyond the
// needed ones: not a server anyone should run, but what our /oauth/device_authorization and
// oidc-provider's /device/auth are measured against, in the same run and under the same load
// generator, to show how much of each one's cost is the framework and the product's own work, and
// how far any Node server can go on this machine.
// Env: PORT, REDIS_URL, REDIS_PREFIX.

const port = Number(process.env.PORT);
const prefix = process.env.REDIS_PREFIX ?? 'bench:bare:';
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { enableAutoPipelining: true });
const origin = `http://127.0.0.1:${port}`;

const server = createServer((req, res) => {
  if (req.method === 'GET') {
    res.writeHead(200).end('ready');
    return;
  }
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => {
    body += chunk;
  });
  req.on('end', () => {
    const form = new URLSearchParams(body);
    const deviceCode = randomBytes(32).toString('base64url');
    const userCode = randomBytes(5).toString('hex').toUpperCase();
    redis.set(`${prefix}${userCode}`, `${form.get('client_id')}:${deviceCode}`, 'PX', 600_000, 'NX').then(
      () => {
        const json = JSON.stringify({
          device_code: deviceCode,
          user_code: userCode,
          verification_uri: `${origin}/tv8`,
          verification_uri_complete: `${origin}/tv8?code=${userCode}`,
          expires_in: 600,
          interval: 5,
        });
        res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(json) }).end(json);
      },
      () => res.writeHead(503).end(),
    );
  });
});
server.listen(port, '127.0.0.1', () => console.log(`bare code server listening on ${origin}`));
process.on('SIGTERM', () => {
  server.close();
  redis.disconnect();
  process.exit(0);
});
