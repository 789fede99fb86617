// Which failures mean "Redis is away or hanging" (answered 503 TV-503, retried by clients) rather
// than a bug (500 TV-500): connection loss, a command past its deadline (REDIS_COMMAND_TIMEOUT_MS),
// a Redis still loading its data, a cluster between masters.

export function isRedisDown(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name ?? '';
  const message = (error as { message?: string } | null)?.message ?? '';
  return (
    name === 'MaxRetriesPerRequestError' ||
    /Command timed out|Connection is closed|ECONNREFUSED|ECONNRESET|Stream isn't writeable|LOADING|MASTERDOWN|CLUSTERDOWN|TRYAGAIN/.test(message)
  );
}
