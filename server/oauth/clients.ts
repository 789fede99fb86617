import type { OAuthClient } from '../config.ts';
import { AppError } from '../../shared/appError.ts';

// Registered OAuth clients (from configuration). All are public clients: a TV cannot keep a
// secret, so none is issued; the device code is what proves the TV's identity in the flow.

export interface ClientRegistry {
  /** The client, or an invalid_client error (RFC 6749 §5.2) for anything not registered. */
  require(clientId: unknown): OAuthClient;
}

export function createClientRegistry(clients: OAuthClient[]): ClientRegistry {
  const byId = new Map(clients.map((client) => [client.clientId, client]));
  return {
    require(clientId) {
      const client = typeof clientId === 'string' ? byId.get(clientId) : undefined;
      if (!client) throw new AppError('invalid_client', { detail: 'Unknown client_id. Register the client in the server configuration (CLIENTS).' });
      return client;
    },
  };
}
