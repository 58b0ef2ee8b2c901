/**
 * The sign-in page served while the web studio is not built. It trades the one-time token in the
 * URL for a cookie session (`auth.signInWithCookie`: the secret stays in an HttpOnly cookie),
 * keeps the session's CSRF token and expiry in localStorage under `triggerflow.session` (where
 * the studio looks for them), and offers an API token for scripts, shown once. Its script and
 * style are files of their own (`/signin.js`, `/signin.css`): the Content-Security-Policy refuses
 * inline ones.
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
  <p>The web studio is not built on this server yet; the API is at <code>/trpc</code> and live runs at <code>/socket.io</code>.</p>
  <p>For scripts, create an API token (shown once) and send it as <code>Authorization: Bearer &lt;token&gt;</code>:</p>
  <p><button id="create" type="button">Create an API token</button></p>
  <textarea id="token" readonly hidden></textarea>
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
  const fail = (text) => { status.textContent = text; status.className = 'error'; };
  const call = async (path, input, csrf) => {
    const headers = { 'content-type': 'application/json' };
    if (csrf) headers['x-csrf-token'] = csrf;
    const res = await fetch('/trpc/' + path, { method: 'POST', headers, body: JSON.stringify(input) });
    const body = await res.json();
    if (!res.ok) throw new Error(body.error?.message ?? res.statusText);
    return body.result.data;
  };
  const token = new URLSearchParams(location.search).get('token');
  if (!token) return fail('This link has no sign-in token. Ask an admin for a new link.');
  let session;
  try {
    session = await call('auth.signInWithCookie', { token });
  } catch (error) {
    return fail('Sign-in failed: ' + error.message);
  }
  localStorage.setItem('triggerflow.session', JSON.stringify({ csrfToken: session.csrfToken, expiresAt: session.expiresAt }));
  history.replaceState(null, '', '/signin');
  status.textContent = 'Signed in as ' + session.user.name + ' (' + session.user.roles.join(', ') + ').';
  document.getElementById('session').hidden = false;
  const button = document.getElementById('create');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const created = await call('auth.createApiToken', { label: 'From the sign-in page' }, session.csrfToken);
      const field = document.getElementById('token');
      field.value = created.token;
      field.hidden = false;
    } catch (error) {
      fail('Could not create a token: ' + error.message);
      button.disabled = false;
    }
  });
})();
`;

/** The fallback's files by path. */
export const SIGNIN_FILES: ReadonlyMap<string, { type: string; body: string }> = new Map([
  ['/signin', { type: 'text/html; charset=utf-8', body: SIGNIN_PAGE }],
  ['/signin.js', { type: 'text/javascript; charset=utf-8', body: SIGNIN_SCRIPT }],
  ['/signin.css', { type: 'text/css; charset=utf-8', body: SIGNIN_STYLE }],
]);
