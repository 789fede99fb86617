import type { SmsSender } from './senders.ts';

// Production text messages: each one is POSTed as JSON {"to": "+46…", "text": "…"} to
// SMS_WEBHOOK_URL (an SMS gateway or a small relay in front of one). Any non-2xx is a failure.

export function createWebhookSmsSender(options: { url: string; timeoutMs?: number }): SmsSender {
  return {
    async send(message) {
      const response = await fetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ to: message.to, text: message.text }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        redirect: 'error',
      });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`SMS webhook answered HTTP ${response.status}`);
    },
  };
}
