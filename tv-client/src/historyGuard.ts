// Browser history Back stays inside the app. While the screen has somewhere to go back to, the app
// keeps one history entry of its own above the page's; the browser's Back (or a platform that
// turns its Back key into history navigation) pops that entry and the app goes back one screen
// instead of leaving the page. On a top-level screen the entry is removed again, so Back there
// leaves the app as the platform expects.

/** A platform that both sends a Back key and navigates history would otherwise go back twice. */
const SAME_PRESS_MS = 400;

export class HistoryGuard {
  private guarded = history.state?.tvGuard === true;
  private hasBack = false;
  private ignoredPops = 0;
  private lastKeyBackAt = 0;

  constructor(private readonly back: () => void) {
    addEventListener('popstate', () => this.onPop());
  }

  /** Called for every screen shown: does it have a Back? */
  update(hasBack: boolean): void {
    this.hasBack = hasBack;
    if (hasBack && !this.guarded) {
      history.pushState({ tvGuard: true }, '');
      this.guarded = true;
    } else if (!hasBack && this.guarded) {
      this.guarded = false;
      this.ignoredPops += 1;
      history.back();
    }
  }

  /** The app handled a Back key itself. */
  keyBack(): void {
    this.lastKeyBackAt = Date.now();
  }

  private onPop(): void {
    if (this.ignoredPops > 0) {
      this.ignoredPops -= 1;
      return;
    }
    this.guarded = false;
    if (Date.now() - this.lastKeyBackAt < SAME_PRESS_MS) {
      this.update(this.hasBack);
      return;
    }
    this.back();
    // A screen whose Back stays on it (or a top-level one) still needs the entry sorted out.
    this.update(this.hasBack);
  }
}
