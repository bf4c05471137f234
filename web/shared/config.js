// What an operator sets at deploy time, in config.json beside the page (web/publish.mjs writes it):
//   apiBaseUrl  — the API's origin when the pages are served from another one (a storage static website); empty
//                 means the page's own origin, as in the DevHost.
//   hostOrigins — (entrant page) the host apps that may frame the page and post the entrant's token.
//   auth        — (admin console) Microsoft Entra ID sign-in: { tenantId, clientId, apiScope, authority }; without a
//                 clientId the console offers only the DevHost's dev sign-in.
// A missing or malformed file means the defaults: same-origin API, no hosts.

import { exactOrigin } from './origin.js';

async function load() {
  let config = null;
  try {
    const response = await fetch('config.json', { cache: 'no-cache' });
    config = response.ok ? await response.json() : null;
  } catch {
    // no file: the defaults
  }
  return Object.freeze({
    apiBaseUrl: (typeof config?.apiBaseUrl === 'string' && exactOrigin(config.apiBaseUrl)) || '',
    hostOrigins: Array.isArray(config?.hostOrigins) ? config.hostOrigins.map(exactOrigin).filter(Boolean) : [],
    auth: Object.freeze(readAuth(config?.auth)),
  });
}

/** The admin console's sign-in settings: strings only; an authority must be an https URL. */
function readAuth(auth) {
  const text = (value) => (typeof value === 'string' ? value.trim() : '');
  const authority = text(auth?.authority);
  return {
    tenantId: text(auth?.tenantId),
    clientId: text(auth?.clientId),
    apiScope: text(auth?.apiScope),
    authority: /^https:\/\/[^\s]+$/.test(authority) ? authority.replace(/\/+$/, '') : '',
  };
}

/** The page's settings, read once. */
export const pageConfig = load();

/** The URL of an API path ("campaigns/x"), on the configured API origin. */
export async function apiUrl(path) {
  return `${(await pageConfig).apiBaseUrl}/api/${path}`;
}
