// The campaign's audit log: who did what, when.

import { t } from '../i18n.js';
import { h, replace } from '../../shared/dom.js';
import { api } from '../api.js';
import { handle, formatTime } from '../ui.js';

export async function renderAudit(box, campaignId) {
  const note = h('p', { role: 'status' });
  const body = h('div', {}, h('p', { class: 'muted' }, t('loading')));
  replace(box, h('h2', {}, t('section.audit')), body, note);
  let entries;
  try {
    entries = (await api.audit(campaignId)).data ?? [];
  } catch (error) {
    handle(error, note);
    body.replaceChildren();
    return;
  }
  replace(body, entries.length === 0 ? h('p', { class: 'muted' }, t('audit.none')) : h('table', { id: 'audit' },
    h('thead', {}, h('tr', {}, ['audit.at', 'audit.actor', 'audit.action', 'audit.summary'].map((key) => h('th', { scope: 'col' }, t(key))))),
    h('tbody', {}, entries.map((entry) => h('tr', { 'data-action': entry.action },
      h('td', { class: 'nowrap' }, formatTime(entry.at)), h('td', { class: 'nowrap' }, entry.actor?.name ?? entry.actor), h('td', {}, h('code', {}, entry.action)),
      h('td', {}, entry.summary))))));
}
