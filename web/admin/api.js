// The FanRewards admin API, on the page's origin or the one config.json names. Every call carries the signed-in
// person's bearer token (session.js); the server records who they are, and answers by their roles.

import { ApiError } from '../shared/problem.js';
import { apiUrl, pageConfig } from '../shared/config.js';
import { accessToken } from './session.js';

export { ApiError };

/**
 * Calls /api/{path}; returns { data, etag, status } (data is parsed JSON, or text for CSV; status tells a 202 "waiting for a
 * second person" from a 200). raw is sent as is, as rawType.
 */
export async function call(method, path, { body, raw, rawType, etag, text = false } = {}) {
  const headers = { Accept: text ? 'text/csv' : 'application/json' };
  const token = await accessToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (etag) headers['If-Match'] = etag;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (raw !== undefined) headers['Content-Type'] = rawType;
  let response;
  try {
    response = await fetch(await apiUrl(path), {
      method,
      headers,
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, null);
  }
  const type = response.headers.get('Content-Type') ?? '';
  if (!response.ok) {
    const problem = type.includes('json') ? await response.json().catch(() => null) : null;
    throw new ApiError(response.status, problem);
  }
  const data = text ? await response.text() : type.includes('json') ? await response.json().catch(() => null) : null;
  return { data, etag: response.headers.get('ETag'), status: response.status };
}

// The API's origin (config.json) for links, which cannot wait for it; any call has read it before a link is drawn.
let apiBase = '';
pageConfig.then((config) => { apiBase = config.apiBaseUrl; });

const id = (value) => encodeURIComponent(value);
const campaign = (campaignId) => `manage/campaigns/${id(campaignId)}`;

export const api = {
  me: () => call('GET', 'manage/me'),
  campaigns: () => call('GET', 'manage/campaigns'),
  create: (campaignId, title) => call('POST', 'manage/campaigns', { body: { id: campaignId, title } }),
  campaign: (campaignId) => call('GET', campaign(campaignId)),
  update: (campaignId, definition, etag) => call('PUT', campaign(campaignId), { body: definition, etag }),
  replace: (campaignId, part, list, etag) => call('PUT', `${campaign(campaignId)}/${part}`, { body: list, etag }),
  lifecycle: (campaignId, action, etag) => call('POST', `${campaign(campaignId)}/${action}`, { etag }),
  draws: (campaignId) => call('GET', `${campaign(campaignId)}/draws`),
  runDraw: (campaignId, drawId) => call('POST', `${campaign(campaignId)}/draws/${id(drawId)}/run`),
  excuseWitness: (campaignId, drawId, witnessId, reason) =>
    call('POST', `${campaign(campaignId)}/draws/${id(drawId)}/witnesses/${id(witnessId)}/excuse`, { body: { reason } }),
  /** Personal data: the reason (3–200 characters) is recorded with who asked, when and how many rows. */
  winnersCsv: (campaignId, drawId, reason) =>
    call('GET', `${campaign(campaignId)}/draws/${id(drawId)}/winners.csv?reason=${id(reason)}`, { text: true }),
  proofUrl: (campaignId, drawId) => `${apiBase}/api/campaigns/${id(campaignId)}/draws/${id(drawId)}/proof`,
  proof: (campaignId, drawId) => call('GET', `campaigns/${id(campaignId)}/draws/${id(drawId)}/proof`),
  winners: (campaignId) => call('GET', `campaigns/${id(campaignId)}/winners`),
  leaderboard: (campaignId) => call('GET', `campaigns/${id(campaignId)}/leaderboard`),
  figures: (campaignId) => call('GET', `${campaign(campaignId)}/figures`),
  awards: (campaignId) => call('GET', `${campaign(campaignId)}/awards`),
  awardsCsv: (campaignId, reason) => call('GET', `${campaign(campaignId)}/awards.csv?reason=${id(reason)}`, { text: true }),
  vouchers: (campaignId, prizeId) => call('GET', `${campaign(campaignId)}/prizes/${id(prizeId)}/vouchers`),
  /** Codes as CSV or plain text, one a line (the server reads both; a header line is skipped). */
  uploadVouchers: (campaignId, prizeId, text) =>
    call('POST', `${campaign(campaignId)}/prizes/${id(prizeId)}/vouchers`, { raw: text, rawType: 'text/csv; charset=utf-8' }),
  pending: (campaignId) => call('GET', `${campaign(campaignId)}/messages?status=pending`),
  moderate: (campaignId, activityId, entrantId, verdict) =>
    call('POST', `${campaign(campaignId)}/messages/${id(activityId)}/${id(entrantId)}/${verdict}`),
  audit: (campaignId) => call('GET', `${campaign(campaignId)}/audit`),
  approvals: (campaignId) => call('GET', `${campaign(campaignId)}/approvals`),
  decide: (campaignId, approvalId, decision) => call('POST', `${campaign(campaignId)}/approvals/${id(approvalId)}/${decision}`),
  dataAccess: (campaignId) => call('GET', `${campaign(campaignId)}/data-access`),
};
