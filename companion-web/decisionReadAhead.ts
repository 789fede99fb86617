import type { NextFunction, Request, Response } from 'express';
import { normalizeUserCode } from '../shared/userCode.ts';
import type { Pairings, PreparedDecision } from './ports.ts';

// Start Watching needs the pairing it approves (the TV's tokens are minted from it before the
// approval is stored: server/pairing/signInApprover.ts). Reading it only once the browser session
// is known would cost a round trip to Redis of its own (issue 11); started here, ahead of the
// session (mount.ts puts this first), the two go together. What it read is used only once the
// route has checked the form, the session and the guess budgets (pairingRoutes.ts).

/** The decision a Start Watching form asks for, or null. */
export function decisionOf(body: Record<string, unknown>): 'approved' | 'denied' | null {
  return body.decision === 'approve' ? 'approved' : body.decision === 'deny' ? 'denied' : null;
}

export function prepareDecisionEarly(deps: { pairings: Pick<Pairings, 'prepareDecision'> }) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'POST' && req.path === '/tv8/confirm') {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const code = normalizeUserCode(body.code);
      const decision = decisionOf(body);
      if (code && decision) res.locals.preparedDecision = { code, decision, prepared: deps.pairings.prepareDecision(code, decision) };
    }
    next();
  };
}

/** What prepareDecisionEarly started for this code and decision, if it did. */
export function earlyDecision(res: Response, code: string, decision: 'approved' | 'denied'): PreparedDecision | undefined {
  const early = res.locals.preparedDecision as { code: string; decision: string; prepared: PreparedDecision } | undefined;
  return early && early.code === code && early.decision === decision ? early.prepared : undefined;
}
