import type { NextFunction, Request, Response } from 'express';
import type { CodeDoor, EarlyGuessRead, Limits } from './ports.ts';

// The pages that look a TV code up read the guess budgets before the lookup. Waiting for the
// browser session first and then reading the budgets cost Start Watching a round trip to Redis of
// its own (issue 11); read here, ahead of the session (mount.ts puts this first), the two go
// together. The account is the one the session cookie names; the budgets are used only if the
// session turns out to be that account's (pairingRoutes.ts), else read again.

const DOORS: Record<string, CodeDoor> = {
  'POST /tv8': 'continue',
  'GET /tv8/confirm': 'confirm-page',
  'POST /tv8/confirm': 'decide',
};

export function readGuessBudgetsEarly(deps: { limits: Pick<Limits, 'codeGuessEarly'>; accountHint: (req: Request) => string | null }) {
  return (req: Request, res: Response, next: NextFunction) => {
    const door = DOORS[`${req.method} ${req.path}`];
    if (door) res.locals.earlyGuessRead = deps.limits.codeGuessEarly({ ip: req.ip ?? 'unknown', accountId: deps.accountHint(req), door });
    next();
  };
}

/** What readGuessBudgetsEarly started for this request, if anything. */
export function earlyGuessRead(res: Response): EarlyGuessRead | undefined {
  return res.locals.earlyGuessRead as EarlyGuessRead | undefined;
}
