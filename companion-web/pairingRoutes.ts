import { Router, type Response } from 'express';
import { AppError } from '../shared/appError.ts';
import { ERRORS, type ErrorId } from '../shared/errors.ts';
import { formatUserCode, normalizeUserCode } from '../shared/userCode.ts';
import { visibleError, type PageContext } from './layout.ts';
import type { PageContextOf } from './pageContext.ts';
import { formText, refusedByLimit } from './forms.ts';
import { requireSignedIn, signedIn } from './session.ts';
import type { Account, Clock, Csrf, Limits, Logger, Pairing, Pairings } from './ports.ts';
import { codeEntryPage } from './pages/codeEntry.ts';
import { confirmPage } from './pages/confirm.ts';
import { deniedPage, donePage } from './pages/done.ts';
import { codeProblem } from './codeProblem.ts';

// The TV's code on the phone or computer: /tv8 (type or check the code), /tv8/confirm (which TV,
// Start Watching), /tv8/done and /tv8/status (the TV's receipt). Plain forms, so the whole path
// works without JavaScript.

/** How long the "your TV is signed in" page waits for the TV's receipt before saying it went away. */
const RECEIPT_WAIT_MS = 30_000;

export interface PairingRouteDeps {
  pageContext: PageContextOf;
  csrf: Csrf;
  pairings: Pairings;
  limits: Pick<Limits, 'codeEntry'>;
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

  router.post('/tv8', csrf.verify, async (req, res) => {
    const ctx = pageContext(req, res);
    const typed = formText(req.body.code, 20);
    if (refusedByLimit(res, await limits.codeEntry(req.ip, signedIn(res)?.account.id))) {
      codeEntryAgain(res, ctx, 'too_many_attempts', typed);
      return;
    }
    const code = normalizeUserCode(typed);
    const pairing = code ? await pairings.scan(code) : null;
    if (!code || !isOpen(pairing)) {
      codeEntryAgain(res, ctx, codeProblem(pairing, signedIn(res)?.account.id ?? null), typed);
      return;
    }
    res.redirect(303, `/tv8/confirm?code=${code}`);
  });

  router.get('/tv8/confirm', async (req, res) => {
    const current = requireSignedIn(req, res);
    if (!current) return;
    const ctx = pageContext(req, res);
    const code = normalizeUserCode(req.query.code);
    const pairing = code ? await pairings.read(code) : null;
    if (!isOpen(pairing)) {
      codeEntryAgain(res, ctx, codeProblem(pairing, current.account.id));
      return;
    }
    res.send(confirmPage(ctx, { pairing, differentNetwork: Boolean(pairing.requestIp && pairing.requestIp !== req.ip) }));
  });

  router.post('/tv8/confirm', csrf.verify, async (req, res) => {
    const current = requireSignedIn(req, res);
    if (!current) return;
    const ctx = pageContext(req, res);
    const code = normalizeUserCode(req.body.code);
    const decision = req.body.decision === 'approve' ? 'approved' : req.body.decision === 'deny' ? 'denied' : null;
    if (!code || !decision) throw new AppError('invalid_request', { detail: 'Choose Start Watching or refuse the sign-in.' });
    const result = await pairings.decide(code, decision, current.account.id);
    if (!result.ok) {
      codeEntryAgain(res, ctx, codeProblem(result.pairing, current.account.id));
      return;
    }
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
