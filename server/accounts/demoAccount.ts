import { AccountError, type AccountStore } from './accountStore.ts';

// In development a demo account exists from the first start, so a person trying the product can
// sign a TV in at once. Its password is printed on the console; never created in production.

// It has a Kids profile and card billing (a test card number) so every account-help path can be
// tried: change the password, reset by email or SMS, find the account by billing details.
export const DEMO_ACCOUNT = {
  email: 'demo@example.com',
  password: 'watch-tv-demo-2026',
  name: 'Demo Viewer',
  phone: '+46700000000',
  profiles: [{ name: 'Demo Viewer' }, { name: 'Kids', kids: true }],
  billing: { method: 'card' as const, firstName: 'Demo', lastName: 'Viewer', cardNumber: '4111 1111 1111 1111' },
};

export async function ensureDemoAccount(accounts: AccountStore): Promise<{ email: string; password: string }> {
  try {
    await accounts.create(DEMO_ACCOUNT);
  } catch (error) {
    if (!(error instanceof AccountError && (error.reason === 'email_taken' || error.reason === 'phone_taken'))) throw error;
  }
  return { email: DEMO_ACCOUNT.email, password: DEMO_ACCOUNT.password };
}
