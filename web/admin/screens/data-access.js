// The auditor's list of who read personal data: every export of contacts, with when, what, how many rows and why.

import { t } from '../i18n.js';
import { h, replace } from '../../shared/dom.js';
import { api } from '../api.js';
import { handle, formatTime, formatNumber } from '../ui.js';

export async function renderDataAccess(box, campaignId) {
  const note = h('p', { role: 'status' });
  const body = h('div', {}, h('p', { class: 'muted' }, t('loading')));
  replace(box, h('h2', {}, t('section.dataAccess')), body, note);
  let items;
  try {
    items = (await api.dataAccess(campaignId)).data?.items ?? [];
  } catch (error) {
    handle(error, note);
    body.replaceChildren();
    return;
  }
  replace(body, items.length === 0 ? h('p', { class: 'muted' }, t('dataAccess.none')) : h('table', { id: 'data-access' },
    h('thead', {}, h('tr', {}, ['audit.at', 'audit.actor', 'dataAccess.what', 'dataAccess.rows', 'dataAccess.reason']
      .map((key) => h('th', { scope: 'col' }, t(key))))),
    h('tbody', {}, items.map((item) => h('tr', { 'data-access': item.id },
      h('td', { class: 'nowrap' }, formatTime(item.at)), h('td', {}, item.actor?.name ?? ''), h('td', {}, h('code', {}, item.what)),
      h('td', { class: 'number' }, formatNumber(item.rows)), h('td', {}, item.reason))))));
}
