// The side column: the campaigns (the selected one marked) and the form that creates one, its id suggested from
// the title.

import { t } from '../i18n.js';
import { errorText, fieldErrors } from '../validation.js';
import { h, replace } from '../../shared/dom.js';
import { api, ApiError } from '../api.js';
import { can } from '../session.js';
import { feedback, handle, statusBadge } from '../ui.js';
import { slug } from '../forms.js';
import { side, state, campaignIdFromHash } from '../page.js';

export async function loadCampaigns() {
  try {
    state.campaigns = (await api.campaigns()).data ?? [];
  } catch (error) {
    state.campaigns = [];
    handle(error, side.querySelector('#list-feedback'));
    return;
  }
  renderList();
}

export function renderSide() {
  const createFeedback = h('p', { id: 'create-feedback', role: 'status' });
  const create = h('form', { id: 'create-form', class: 'card' },
    h('h2', {}, t('create.title')),
    h('label', { for: 'create-id' }, t('create.id')),
    h('input', { id: 'create-id', required: true, pattern: '[a-z0-9\\-]{1,64}', maxlength: 64, spellcheck: 'false' }),
    h('label', { for: 'create-title' }, t('create.titleField')),
    h('input', { id: 'create-title', required: true, maxlength: 200 }),
    h('button', { type: 'submit', class: 'primary', id: 'create-submit' }, t('create.submit')),
    createFeedback);
  // The id follows the title (lowercase a-z0-9-) until the admin types one of their own.
  const createId = create.querySelector('#create-id');
  let idSuggested = true;
  createId.addEventListener('input', () => { idSuggested = createId.value === ''; });
  create.querySelector('#create-title').addEventListener('input', (event) => {
    if (idSuggested) createId.value = slug(event.target.value);
  });
  create.addEventListener('submit', async (event) => {
    event.preventDefault();
    const id = create.querySelector('#create-id').value.trim();
    const title = create.querySelector('#create-title').value.trim();
    try {
      await api.create(id, title);
      create.reset();
      feedback(createFeedback, true, t('create.done', { id }));
      await loadCampaigns();
      location.hash = `#/c/${id}`;
    } catch (error) {
      handle(error, createFeedback);
      if (error instanceof ApiError && error.problem?.errors) {
        createFeedback.textContent += ` ${Object.values(fieldErrors(error.problem)).flat().map(errorText).join(' ')}`;
      }
    }
  });
  replace(side,
    h('div', { class: 'side-head' },
      h('h2', {}, t('list.title')),
      h('button', { type: 'button', class: 'link', id: 'list-refresh', onclick: loadCampaigns }, t('list.refresh'))),
    h('p', { id: 'list-feedback', role: 'status' }),
    h('ul', { id: 'campaigns', class: 'plain campaigns' }, h('li', { class: 'muted' }, t('loading'))),
    can('campaign-editor') ? create : null);
  if (state.campaigns) renderList();
  else loadCampaigns();
}

export function renderList() {
  const list = side.querySelector('#campaigns');
  if (!list || !state.campaigns) return; // still loading: loadCampaigns draws it
  const selected = campaignIdFromHash();
  replace(list, state.campaigns.length === 0 ? h('li', { class: 'muted' }, t('list.empty')) : state.campaigns.map((c) =>
    h('li', { 'data-campaign': c.id, class: c.id === selected ? 'selected' : '' },
      h('a', { href: `#/c/${c.id}`, 'aria-current': c.id === selected ? 'page' : null },
        h('span', { class: 'title' }, c.title ?? c.id),
        h('span', { class: 'meta' }, h('code', {}, c.id), ' ', statusBadge(c.status))))));
}
