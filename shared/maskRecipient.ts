// How an email address or phone number is shown where it must not be given away whole: in logs,
// and to a signed-in person confirming a new phone number.

/** "a***@example.com", "+46*****67": enough to tell messages apart in logs, not to harvest. */
export function maskRecipient(to: string): string {
  const at = to.indexOf('@');
  if (at > 0) return `${to[0]}***${to.slice(at)}`;
  return to.length > 5 ? `${to.slice(0, 3)}${'*'.repeat(to.length - 5)}${to.slice(-2)}` : '***';
}
