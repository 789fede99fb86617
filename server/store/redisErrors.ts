import { REDIS_AWAY_MESSAGE } from './failFastWhileAway.ts';

// Which failures mean "Redis is away or hanging" (answered 503 TV-503, retried by clients) rather
// than a bug (500 TV-500): connection loss, a command past its deadline (REDIS_COMMAND_TIMEOUT_MS),
// a Redis still loading its data, a cluster between masters. On a Redis Cluster that last one
// also reaches callers as a redirection ioredis did not follow: with auto-pipelining a batch for
// one node whose commands partly ran returns the others' MOVED as their reply (ioredis #2075), and
// a slot whose master just died redirects to it until the cluster and the client's slot map agree
// on its successor ("Too many Cluster redirections"). The command did not run; it is a failover
// under way, not a bug.

export function isRedisDown(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name ?? '';
  const message = (error as { message?: string } | null)?.message ?? '';
  return (
    name === 'MaxRetriesPerRequestError' ||
    message === REDIS_AWAY_MESSAGE ||
    /Command timed out|Connection is closed|ECONNREFUSED|ECONNRESET|Stream isn't writeable|LOADING|MASTERDOWN|CLUSTERDOWN|TRYAGAIN/.test(message) ||
    /^(MOVED|ASK) \d+ |Too many Cluster redirections|Cluster isn't ready|Cluster is ended|None of startup nodes is available|Failed to refresh slots cache|same slots allocation group/.test(message)
  );
}
