// The FanRewards public API, on the page's origin unless config.json names another. The entrant's token lives in sessionStorage only (in memory where a
// framing site's page may not have storage).

import { ApiError } from '../shared/problem.js';
import { apiUrl } from '../shared/config.js';
import { storage } from '../shared/storage.js';

export { ApiError };

const TOKEN_KEY = 'fanrewards.token';
const session = storage('sessionStorage');

export function token() {
  return session.getItem(TOKEN_KEY);
}

export function setToken(value) {
  if (value) {
    session.setItem(TOKEN_KEY, value);
  } else {
    session.removeItem(TOKEN_KEY);
  }
}

/**
 * The identity a token names ({ sub, name }), read without checking it (the server checks every token): only to greet
 * the entrant and to say who a sign-in link would sign in as. Null when it cannot be read.
 */
export function identityIn(value) {
  if (!value) return null;
  try {
    const part = value.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = new TextDecoder().decode(Uint8Array.from(atob(part), (c) => c.charCodeAt(0)));
    const claims = JSON.parse(json);
    if (typeof claims.sub !== 'string') return null;
    return { sub: claims.sub, name: typeof claims.name === 'string' ? claims.name : null };
  } catch {
    return null;
  }
}

/** The entrant id (sub) of the token the page holds, read without checking it. */
export function signedInAs() {
  return identityIn(token())?.sub ?? null;
}

export async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  const current = token();
  if (current) headers.Authorization = `Bearer ${current}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(await apiUrl(path), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, null);
  }
  const type = response.headers.get('Content-Type') ?? '';
  const data = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    if (response.status === 401) setToken(null);
    throw new ApiError(response.status, type.includes('problem+json') || data?.title ? data : null);
  }
  return data;
}

const id = (value) => encodeURIComponent(value);

export const api = {
  devToken: (sub, member) => call('POST', 'dev/tokens', { sub, member }),
  campaigns: () => call('GET', 'campaigns'),
  campaign: (campaignId) => call('GET', `campaigns/${id(campaignId)}`),
  answer: (campaignId, riddleId, answer) =>
    call('POST', `campaigns/${id(campaignId)}/riddles/${id(riddleId)}/answers`, { answer }),
  like: (campaignId, candidateId) => call('POST', `campaigns/${id(campaignId)}/candidates/${id(candidateId)}/likes`),
  leaderboard: (campaignId) => call('GET', `campaigns/${id(campaignId)}/leaderboard`),
  message: (campaignId, activityId, text) =>
    call('POST', `campaigns/${id(campaignId)}/activities/${id(activityId)}/messages`, { text }),
  signup: (campaignId, activityId, fields) =>
    call('POST', `campaigns/${id(campaignId)}/activities/${id(activityId)}/signups`, { fields }),
  checkin: (campaignId, activityId, value) =>
    call('POST', `campaigns/${id(campaignId)}/activities/${id(activityId)}/checkins`, { value }),
  mine: (campaignId) => call('GET', `me/campaigns/${id(campaignId)}`),
  winners: (campaignId) => call('GET', `campaigns/${id(campaignId)}/winners`),
  proof: (campaignId, drawId) => call('GET', `campaigns/${id(campaignId)}/draws/${id(drawId)}/proof`),
  drawEntries: (campaignId, drawId, after, limit) => call('GET',
    `campaigns/${id(campaignId)}/draws/${id(drawId)}/entries?limit=${limit}${after ? `&after=${after}` : ''}`),
  claim: (campaignId, contact) => call('POST', `me/campaigns/${id(campaignId)}/claims`, contact),
  decline: (campaignId) => call('POST', `me/campaigns/${id(campaignId)}/claims/decline`),
};
