import nodemailer from 'nodemailer';
import type { MailSender } from './senders.ts';

// Production email over SMTP with nodemailer: SMTP_URL (smtp://user:pass@host:587, STARTTLS
// when offered; smtps:// for implicit TLS) and MAIL_FROM.

export function createSmtpMailSender(options: { smtpUrl: string; from: string; timeoutMs?: number }): MailSender & { close(): void } {
  const timeout = options.timeoutMs ?? 15_000;
  const transport = nodemailer.createTransport({ url: options.smtpUrl, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout });
  return {
    async send(message) {
      await transport.sendMail({ from: options.from, to: message.to, subject: message.subject, text: message.text });
    },
    close: () => transport.close(),
  };
}
