// How account email and text messages leave the server. Small interfaces so the dev outbox, SMTP
// and the SMS webhook are interchangeable, and tests can point them at local servers.

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface SmsMessage {
  /** E.164, e.g. +46701234567. */
  to: string;
  text: string;
}

export interface MailSender {
  send(message: MailMessage): Promise<void>;
}

export interface SmsSender {
  send(message: SmsMessage): Promise<void>;
}
