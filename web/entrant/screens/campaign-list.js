// The campaigns: open ones first, then scheduled, each by its close; ended ones (closed, drawn, archived) apart below,
// the most recently ended first.

import { t } from '../i18n.js';
import { h, replace } from '../../shared/dom.js';
import { api } from '../api.js';
import { showError, countdown, statusBadge } from '../ui.js';

const app = document.getElementById('app');

const statusOrder = { open: 0, scheduled: 1 };

export async function renderList() {
  replace(app, h('h1', { tabindex: -1 }, t('list.title')), h('p', { class: 'muted' }, t('loading')));
  let campaigns;
  try {
    campaigns = await api.campaigns();
  } catch (error) {
    const line = h('p');
    showError(line, error);
    replace(app, h('h1', { tabindex: -1 }, t('list.title')), line);
    return;
  }
  const current = campaigns.filter((campaign) => campaign.status in statusOrder)
    .sort((a, b) => statusOrder[a.status] - statusOrder[b.status] || Date.parse(a.closesAt) - Date.parse(b.closesAt));
  const ended = campaigns.filter((campaign) => !(campaign.status in statusOrder))
    .sort((a, b) => Date.parse(b.closesAt) - Date.parse(a.closesAt));
  replace(app, h('h1', { tabindex: -1 }, t('list.title')),
    current.length ? h('ul', { class: 'plain', id: 'campaigns' }, current.map(item)) : h('p', {}, t('list.empty')),
    ended.length ? [h('h2', { id: 'ended-title' }, t('list.ended')), h('ul', { class: 'plain', id: 'ended-campaigns' }, ended.map(item))] : null);
}

function item(campaign) {
  return h('li', { class: 'card campaign', 'data-campaign': campaign.id },
    h('a', { href: `#/c/${encodeURIComponent(campaign.id)}`, class: 'title' }, campaign.title),
    h('div', { class: 'meta' }, statusBadge(campaign.status),
      campaign.membersOnly ? h('span', { class: 'badge members' }, t('list.membersOnly')) : null),
    h('p', {}, campaign.summary),
    countdown(campaign.opensAt, campaign.closesAt, campaign.timeZone),
    h('p', { class: 'muted small' }, t('list.organiser', { name: campaign.organiserName })));
}
