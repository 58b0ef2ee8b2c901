/**
 * The sign-in page served while the web studio is not built: it trades the one-time token in the
 * URL for a session (`auth.signIn`), keeps it in localStorage under `triggerflow.session` (where
 * the studio looks for it) and shows it for API use. Its script and style are files of their own
 * (`/signin.js`, `/signin.css`): the Content-Security-Policy refuses inline ones.
 */
export const SIGNIN_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · TriggerFlow Studio</title>
<link rel="stylesheet" href="/signin.css">
</head>
<body>
<h1>TriggerFlow Studio</h1>
<p id="status">Signing in…</p>
<div id="session" hidden>
  <p>Your session token (30 days) — send it as <code>Authorization: Bearer &lt;token&gt;</code>:</p>
  <textarea id="token" readonly></textarea>
  <p>The web studio is not built on this server yet; the API is at <code>/trpc</code> and live runs at <code>/socket.io</code>.</p>
</div>
<script src="/signin.js" defer></script>
</body>
</html>
`;

export const SIGNIN_STYLE = `body { font: 15px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem; color: #1d2433; }
h1 { font-size: 1.4rem; }
code, textarea { font: 13px ui-monospace, monospace; }
textarea { width: 100%; height: 4.5rem; }
.error { color: #b42318; }
`;

export const SIGNIN_SCRIPT = `(async () => {
  const status = document.getElementById('status');
  const token = new URLSearchParams(location.search).get('token');
  if (!token) { status.textContent = 'This link has no sign-in token. Ask an admin for a new link.'; status.className = 'error'; return; }
  try {
    const res = await fetch('/trpc/auth.signIn', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    const body = await res.json();
    if (!res.ok) throw new Error(body.error?.message ?? res.statusText);
    const session = body.result.data;
    localStorage.setItem('triggerflow.session', JSON.stringify({ token: session.token, expiresAt: session.expiresAt }));
    history.replaceState(null, '', '/signin');
    status.textContent = 'Signed in as ' + session.user.name + ' (' + session.user.roles.join(', ') + ').';
    document.getElementById('token').value = session.token;
    document.getElementById('session').hidden = false;
  } catch (error) {
    status.textContent = 'Sign-in failed: ' + error.message;
    status.className = 'error';
  }
})();
`;

/** The fallback's files by path. */
export const SIGNIN_FILES: ReadonlyMap<string, { type: string; body: string }> = new Map([
  ['/signin', { type: 'text/html; charset=utf-8', body: SIGNIN_PAGE }],
  ['/signin.js', { type: 'text/javascript; charset=utf-8', body: SIGNIN_SCRIPT }],
  ['/signin.css', { type: 'text/css; charset=utf-8', body: SIGNIN_STYLE }],
]);
