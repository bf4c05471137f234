// Who is signed in to the admin console, and the bearer token every API call sends. Two ways in:
//  - the organisation's Microsoft Entra ID, through MSAL.js (authorization code with PKCE), configured in config.json
//    (auth: tenantId, clientId, apiScope, authority); the library is served from the app (vendor/), never a CDN, and
//    loaded only when that sign-in is configured;
//  - on the DevHost only, dev sign-in: a name and roles minted into a token by POST /api/dev/admin-tokens (the
//    endpoint answers 404 anywhere else, so the console offers it only where GET of it answers 200).
// Tokens live in sessionStorage (this tab only), never in localStorage or a URL.

import { apiUrl, pageConfig } from '../shared/config.js';
import { storage } from '../shared/storage.js';

const TOKEN = 'fanrewards.adminToken';
const session = storage('sessionStorage');

/** The signed-in person as GET /api/manage/me answered ({ id, name, roles }); null until then. */
export const me = { current: null };

/** Whether the signed-in person holds one of roles. */
export const can = (...roles) => roles.some((role) => me.current?.roles?.includes(role) ?? false);

// ---- dev sign-in (DevHost only) ----------------------------------------------------------------------------------

/** The roles dev sign-in offers, or null where it is not offered (anything but the DevHost). */
export async function devSignInRoles() {
  try {
    const response = await fetch(await apiUrl('dev/admin-tokens'), { cache: 'no-store' });
    if (!response.ok) return null;
    const body = await response.json();
    return Array.isArray(body?.roles) ? body.roles : null;
  } catch {
    return null;
  }
}

/** Mints a dev token for name with roles and keeps it; throws the server's problem (422) as { status, problem }. */
export async function devSignIn(name, roles) {
  const response = await fetch(await apiUrl('dev/admin-tokens'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ name, roles }),
    cache: 'no-store',
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw Object.assign(new Error(body?.title ?? `HTTP ${response.status}`), { status: response.status, problem: body });
  session.setItem(TOKEN, body.token);
}

// ---- Microsoft Entra ID (MSAL.js) --------------------------------------------------------------------------------

let msalApp = null;

/** config.json's auth section when it names a client, else null (then only dev sign-in, where offered). */
export async function entraSettings() {
  const auth = (await pageConfig).auth;
  return auth?.clientId && (auth.tenantId || auth.authority) && auth.apiScope ? auth : null;
}

/** The MSAL library, from the app's own files, as a classic script (its browser bundle sets window.msal). */
function loadMsal() {
  if (window.msal) return Promise.resolve(window.msal);
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = 'vendor/msal-browser.min.js';
    script.onload = () => resolve(window.msal);
    script.onerror = () => reject(new Error('vendor/msal-browser.min.js did not load'));
    document.head.append(script);
  });
}

async function msal() {
  if (msalApp) return msalApp;
  const auth = await entraSettings();
  if (!auth) return null;
  const { PublicClientApplication } = await loadMsal();
  const app = new PublicClientApplication({
    auth: {
      clientId: auth.clientId,
      authority: auth.authority || `https://login.microsoftonline.com/${auth.tenantId}`,
      redirectUri: new URL('./', location.href).href,
    },
    cache: { cacheLocation: 'sessionStorage' },
  });
  await app.initialize();
  // Coming back from the sign-in page: the code is exchanged (PKCE) here.
  const result = await app.handleRedirectPromise();
  if (result?.account) app.setActiveAccount(result.account);
  else if (!app.getActiveAccount() && app.getAllAccounts().length > 0) app.setActiveAccount(app.getAllAccounts()[0]);
  msalApp = app;
  return app;
}

/** Sends the browser to the organisation's sign-in page (authorization code with PKCE). */
export async function entraSignIn() {
  const app = await msal();
  const auth = await entraSettings();
  await app.loginRedirect({ scopes: [auth.apiScope] });
}

// ---- either ------------------------------------------------------------------------------------------------------

/** The bearer token for the next call: the dev token, else MSAL's (renewed silently), else null (not signed in). */
export async function accessToken() {
  const dev = session.getItem(TOKEN);
  if (dev) return dev;
  const app = await msal().catch(() => null);
  const account = app?.getActiveAccount();
  if (!account) return null;
  const auth = await entraSettings();
  try {
    return (await app.acquireTokenSilent({ scopes: [auth.apiScope], account })).accessToken;
  } catch {
    await app.acquireTokenRedirect({ scopes: [auth.apiScope], account });
    return null;
  }
}

/** Whether a token is at hand (dev) or an account is signed in (MSAL), without calling anyone. */
export async function signedIn() {
  if (session.getItem(TOKEN)) return true;
  const app = await msal().catch(() => null);
  return Boolean(app?.getActiveAccount());
}

/** Forgets the dev token and the MSAL account of this tab (the organisation's own session is left alone). */
export async function signOut() {
  session.removeItem(TOKEN);
  me.current = null;
  const app = await msal().catch(() => null);
  const account = app?.getActiveAccount();
  if (account) await app.clearCache({ account });
}
