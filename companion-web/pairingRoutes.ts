import { sameNetwork } from '../shared/network.ts';
import { Router, type Request, type Response } from 'express';
import { AppError } from '../shared/appError.ts';
import { ERRORS, type ErrorId } from '../shared/errors.ts';
import { formatUserCode, normalizeUserCode } from '../shared/userCode.ts';
import { visibleError, type PageContext } from './layout.ts';
import type { PageContextOf } from './pageContext.ts';
import { formText, refusedByLimit } from './forms.ts';
import { requireSignedIn, signedIn } from './session.ts';
import type { Account, Clock, CodeDoor, Csrf, Limits, Logger, Pairing, Pairings } from './ports.ts';
import { codeEntryPage } from './pages/codeEntry.ts';
import { confirmPage } from './pages/confirm.ts';
import { deniedPage, donePage } from './pages/done.ts';
import { codeProblem } from './codeProblem.ts';
import { earlyGuessRead } from './codeGuessEarly.ts';
import { decisionOf, earlyDecision } from './decisionReadAhead.ts';

// The TV's code on the phone or computer: /tv8 (type or check the code), /tv8/confirm (which TV,
// Start Watching), /tv8/done and /tv8/status (the TV's receipt). Plain forms, so the whole path
// works without JavaScript.

/** How long the "your TV is signed in" page waits for the TV's receipt before saying it went away. */
const RECEIPT_WAIT_MS = 30_000;

export interface PairingRouteDeps {
  pageContext: PageContextOf;
  csrf: Csrf;
  pairings: Pairings;
  limits: Pick<Limits, 'codeGuess'>;
  clock: Clock;
  logger: Logger;
}

/** The code entry form again, with an error (see codeProblem.ts for which one a person gets). */
function codeEntryAgain(res: Response, ctx: PageContext, id: ErrorId, typed?: string): void {
  res.status(ERRORS[id].status).send(codeEntryPage(ctx, { code: typed, error: visibleError(ctx, id) }));
}

export function pairingRoutes(deps: PairingRouteDeps): Router {
  const { pageContext, csrf, pairings, limits, clock, logger } = deps;
  const router = Router();

  const isOpen = (pairing: Pairing | null): pairing is Pairing => pairing?.state === 'pending' || pairing?.state === 'scanned';

  /** The approved pairing of this account, or null: nobody else may watch its progress. */
  async function ownApprovedPairing(account: Account, codeInput: unknown) {
    const code = normalizeUserCode(codeInput);
    const pairing = code ? await pairings.read(code) : null;
    // Approved by this account: waiting, collected, or abandoned by the TV before it collected.
    const approved = pairing?.state === 'approved' || pairing?.state === 'claimed' || Boolean(pairing?.tvLeftAt);
    return pairing && pairing.accountId === account.id && approved ? pairing : null;
  }

  router.get('/tv8', (req, res) => {
    const code = normalizeUserCode(req.query.code);
    res.send(codeEntryPage(pageContext(req, res), { code: code ? formatUserCode(code) : undefined }));
  });

  /**
   * Every way a code is looked up goes through the guess budgets (issue 12: the confirm page and
   * Start Watching/deny count, not only Continue). `lookup` says what it found (`seen`) and whether
   * that is a hit (`hit`: anything else is a miss and stays counted). Answers for the caller and
   * returns null when refused (429, TV-101) or missed (the code problem for this person).
   */
  async function guessed<T>(req: Request, res: Response, door: CodeDoor, lookup: () => Promise<{ hit: T | null; seen: Pairing | null }>, typed?: string): Promise<T | null> {
    const accountId = signedIn(res)?.account.id ?? null;
    let seen: Pairing | null = null;
    const outcome = await limits.codeGuess({ ip: req.ip ?? 'unknown', accountId, door }, async () => {
      const looked = await lookup();
      seen = looked.seen;
      return looked.hit;
    }, earlyGuessRead(res));
    if (!outcome.allowed) {
      refusedByLimit(res, outcome);
      codeEntryAgain(res, pageContext(req, res), 'too_many_attempts', typed);
      return null;
    }
    if (!outcome.found) codeEntryAgain(res, pageContext(req, res), codeProblem(seen, accountId), typed);
    return outcome.found;
  }

  router.post('/tv8', csrf.verify, async (req, res) => {
    const typed = formText(req.body.code, 20);
    const code = normalizeUserCode(typed);
    const pairing = await guessed(req, res, 'continue', async () => {
      const seen = code ? await pairings.scan(code) : null;
      return { hit: isOpen(seen) ? seen : null, seen };
    }, typed);
    if (pairing) res.redirect(303, `/tv8/confirm?code=${code}`);
  });

  router.get('/tv8/confirm', async (req, res) => {
    const current = requireSignedIn(req, res);
    if (!current) return;
    const code = normalizeUserCode(req.query.code);
    const pairing = await guessed(req, res, 'confirm-page', async () => {
      const seen = code ? await pairings.read(code) : null;
      return { hit: isOpen(seen) ? seen : null, seen };
    });
    if (!pairing) return;
    const ctx = pageContext(req, res);
    res.send(confirmPage(ctx, { pairing, differentNetwork: Boolean(pairing.requestIp) && !sameNetwork(pairing.requestIp, req.ip) }));
  });

  router.post('/tv8/confirm', csrf.verify, async (req, res) => {
    const current = requireSignedIn(req, res);
    if (!current) return;
    const ctx = pageContext(req, res);
    const code = normalizeUserCode(req.body.code);
    const decision = decisionOf(req.body as Record<string, unknown>);
    if (!code || !decision) throw new AppError('invalid_request', { detail: 'Choose Start Watching or refuse the sign-in.' });
    const prepared = earlyDecision(res, code, decision) ?? pairings.prepareDecision(code, decision);
    const decided = await guessed(req, res, 'decide', async () => {
      const result = await prepared.decide(current.account.id);
      return { hit: result.ok ? true : null, seen: result.pairing };
    });
    if (!decided) return;
    if (decision === 'denied') {
      res.send(deniedPage(ctx));
      return;
    }
    logger.info({ userCode: code, accountId: current.account.id }, 'tv sign-in approved');
    res.redirect(303, `/tv8/done?code=${code}`);
  });

  router.get('/tv8/done', async (req, res) => {
    const current = requireSignedIn(req, res);
    if (!current) return;
    const ctx = pageContext(req, res);
    const pairing = await ownApprovedPairing(current.account, req.query.code);
    if (!pairing) throw new AppError('code_not_found');
    const gaveUp = !pairing.receivedAt && clock.now() - (pairing.decidedAt ?? 0) > RECEIPT_WAIT_MS;
    res.send(donePage(ctx, { userCode: pairing.userCode, received: Boolean(pairing.receivedAt), gaveUp, tvLeft: Boolean(pairing.tvLeftAt) }));
  });

  router.get('/tv8/status', async (req, res) => {
    const account = signedIn(res)?.account;
    if (!account) throw new AppError('sign_in_required');
    const pairing = await ownApprovedPairing(account, req.query.code);
    if (!pairing) throw new AppError('code_not_found');
    res.set('Cache-Control', 'no-store').json({ state: pairing.state, received: Boolean(pairing.receivedAt), tvLeft: Boolean(pairing.tvLeftAt) });
  });

  return router;
}
