// Sign-in from the host app. The organisation's platform frames this page and posts the entrant's token:
// {type: 'fanrewards:token', token: '<jwt>'}. Only the host origins listed in config.json may do so, and
// config.json lists none until an operator adds one: a token is a key to someone's entries and prizes, so a page
// that any site could frame and post to must not take one. Anything else is ignored without an answer, and the
// token is never sent anywhere but to the API.

import { pageConfig } from '../shared/config.js';

const TOKEN_MESSAGE = 'fanrewards:token';
const READY_MESSAGE = 'fanrewards:ready';
const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;
const LONGEST_TOKEN = 8192;

/** The token in a well-formed token message, else null. */
function tokenIn(data) {
  if (data?.type !== TOKEN_MESSAGE || typeof data.token !== 'string') return null;
  return data.token.length <= LONGEST_TOKEN && JWT_SHAPE.test(data.token) ? data.token : null;
}

/** The origin of the page that framed this one, when the browser tells. */
function parentOrigin() {
  if (location.ancestorOrigins?.length) return location.ancestorOrigins[0];
  try {
    return new URL(document.referrer).origin;
  } catch {
    return null;
  }
}

/**
 * Counts the messages this page has dealt with (taken or ignored) on the root element, so that a test can wait for
 * an ignored one to have been decided on before it checks that nothing changed.
 */
function markHandled() {
  const root = document.documentElement;
  root.dataset.hostMessagesHandled = String(Number(root.dataset.hostMessagesHandled ?? 0) + 1);
}

/**
 * Calls onToken with each token an allowed host posts (a later one replaces the earlier: hosts refresh them), and
 * tells an allowed parent frame that the page is ready for one.
 */
export function listenForHostTokens(onToken) {
  const hostOrigins = pageConfig.then((config) => config.hostOrigins);
  // Listening before the list has loaded, so that a host that posts early is heard once it has.
  window.addEventListener('message', async (event) => {
    const token = tokenIn(event.data);
    const origins = await hostOrigins;
    if (token && origins.includes(event.origin)) onToken(token);
    markHandled();
  });
  hostOrigins.then((origins) => {
    if (window.parent === window || !origins.length) return;
    const framedBy = parentOrigin();
    // A target origin, never '*': only the host itself may learn that the page is there.
    for (const origin of origins.includes(framedBy) ? [framedBy] : origins) {
      window.parent.postMessage({ type: READY_MESSAGE }, origin);
    }
  });
}
