import { createServer } from 'node:http';
import { Redis } from 'ioredis';
import Provider from 'oidc-provider';
import { redisAdapterFactory } from './oidcRedisAdapter.ts';

// The standard device-flow server the benchmark compares against: the `oidc-provider` package with
// its RFC 8628 device flow enabled and one public client "tv", storing codes in the same Redis as
// ours (own key prefix). Started by the benchmark as its own process, like our server nodes.
// Env: PORT, REDIS_URL, REDIS_PREFIX.

const port = Number(process.env.PORT);
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { enableAutoPipelining: true });
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  adapter: redisAdapterFactory(redis, process.env.REDIS_PREFIX ?? 'bench:oidc:'),
  clients: [
    {
      client_id: 'tv',
      grant_types: ['urn:ietf:params:oauth:grant-type:device_code'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'none',
    },
  ],
  features: { deviceFlow: { enabled: true }, devInteractions: { enabled: false } },
  scopes: ['openid', 'profile'],
});

const server = createServer(provider.callback());
server.listen(port, '127.0.0.1', () => console.log(`oidc-provider listening on ${issuer}`));
process.on('SIGTERM', () => {
  server.close();
  redis.disconnect();
  process.exit(0);
});
