// One campaign: its heading, countdown and tabs (activities, rules, winners, mine), each tab a module of its own.

import { t } from '../i18n.js';
import { h, replace } from '../../shared/dom.js';
import { api } from '../api.js';
import { showError, countdown, statusBadge } from '../ui.js';
import { renderActivities } from './activities.js';
import { renderRules } from './rules.js';
import { renderWinners } from './winners.js';
import { renderMine } from './mine.js';

const app = document.getElementById('app');

/** Draws a campaign with its tab (campaign, rules, winners or mine). */
export async function renderCampaign(campaignId, tab) {
  replace(app, h('p', { class: 'muted' }, t('loading')));
  let campaign;
  try {
    campaign = await api.campaign(campaignId);
  } catch (error) {
    const line = h('p');
    showError(line, error);
    replace(app, h('a', { href: '#/' }, t('nav.back')), line);
    return;
  }
  const base = `#/c/${encodeURIComponent(campaign.id)}`;
  const tabs = [['campaign', base], ['rules', `${base}/rules`], ['winners', `${base}/winners`], ['mine', `${base}/mine`]];
  const body = h('section', { id: `tab-${tab}` });
  replace(app,
    h('a', { href: '#/', class: 'back' }, t('nav.back')),
    h('h1', { id: 'campaign-title', tabindex: -1 }, campaign.title),
    h('div', { class: 'meta' }, statusBadge(campaign.status),
      campaign.membersOnly ? h('span', { class: 'badge members' }, t('list.membersOnly')) : null),
    countdown(campaign.schedule.opensAt, campaign.schedule.closesAt, campaign.timeZone),
    h('nav', { class: 'tabs', 'aria-label': campaign.title },
      tabs.map(([name, href]) => h('a', { href, 'aria-current': name === tab ? 'page' : null, 'data-tab': name }, t(`tab.${name}`)))),
    body);

  if (tab === 'rules') renderRules(body, campaign);
  else if (tab === 'mine') await renderMine(body, campaign, { rerender: () => renderCampaign(campaign.id, 'mine') });
  else if (tab === 'winners') await renderWinners(body, campaign);
  else await renderActivities(body, campaign);
}
