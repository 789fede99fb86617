// Asks the server whether the TV confirmed it received its token, and says so when it has.
const status = document.getElementById('tv-status');
const code = status.dataset.code;
document.querySelector('meta[http-equiv="refresh"]')?.remove();
const startedAt = Date.now();
/** The heading and the status line together, so the page never says two different things. */
function say(heading, text) {
  const h1 = document.querySelector('h1');
  if (h1) h1.textContent = heading;
  status.textContent = text;
}
async function check() {
  try {
    const response = await fetch(`/tv8/status?code=${encodeURIComponent(code)}`, { headers: { Accept: 'application/json' } });
    if (response.ok) {
      const body = await response.json();
      if (body.received) { say(status.dataset.titleReceived, status.dataset.received); return; }
      if (body.tvLeft) { say(status.dataset.titleTvLeft, status.dataset.tvLeft); return; }
    }
  } catch { /* network hiccup: try again */ }
  if (Date.now() - startedAt > 30000) { status.textContent = status.dataset.notReceived; return; }
  setTimeout(check, 500);
}
check();
