// The campaign's audit log: who did what, when. Each entry is worded from its code and arguments in the console's
// language (audit.<code> in i18n.js), as validation errors are; the server's English summary is the fallback for a
// code the console does not know yet, and for entries written before codes.

import { t } from '../i18n.js';
import { h, replace } from '../../shared/dom.js';
import { api } from '../api.js';
import { handle, formatTime } from '../ui.js';

/** An entry in words: ours for its code (its args filled in, a draw by its name), else the server's summary. */
export function auditText(entry, drawNames = new Map()) {
  if (!entry.code) return entry.summary ?? '';
  const key = `audit.${entry.code}`;
  const args = { ...entry.args };
  if (args.drawId) args.drawId = drawNames.get(args.drawId) || args.drawId;
  const text = t(key, args);
  // An argument the entry does not carry would leave a {blank}: the server's summary says it whole.
  return text === key || /\{\w+\}/.test(text) ? entry.summary ?? '' : text;
}

/** Who: the person's name (an entry from before sign-in names only what the header said). */
const actorName = (actor) => (typeof actor === 'string' ? actor : actor?.name ?? actor?.id ?? '');

export async function renderAudit(box, campaignId, drawNames = new Map()) {
  const note = h('p', { role: 'status' });
  const body = h('div', {}, h('p', { class: 'muted' }, t('loading')));
  replace(box, h('h2', {}, t('section.audit')), body, note);
  let entries;
  try {
    const data = (await api.audit(campaignId)).data;
    entries = Array.isArray(data) ? data : data?.items ?? [];
  } catch (error) {
    handle(error, note);
    body.replaceChildren();
    return;
  }
  replace(body, entries.length === 0 ? h('p', { class: 'muted' }, t('audit.none')) : h('table', { id: 'audit' },
    h('thead', {}, h('tr', {}, ['audit.at', 'audit.actor', 'audit.action', 'audit.summary'].map((key) => h('th', { scope: 'col' }, t(key))))),
    h('tbody', {}, entries.map((entry) => h('tr', { 'data-action': entry.action, 'data-code': entry.code ?? null },
      h('td', { class: 'nowrap' }, formatTime(entry.at)), h('td', { class: 'nowrap' }, actorName(entry.actor)),
      h('td', {}, h('code', {}, entry.action)), h('td', {}, auditText(entry, drawNames)))))));
}
