// Publish (saving the draft first, for a person who may edit it; every problem shown next to its field), close and
// archive: the publisher's buttons, absent for anyone without that role. With four eyes (the default) publishing
// answers 202 with an approval: a second publisher approves it in the approvals card.

import { t } from '../i18n.js';
import { fieldErrors } from '../validation.js';
import { h } from '../../shared/dom.js';
import { api, ApiError } from '../api.js';
import { feedback, handle, statusBadge, roleName } from '../ui.js';
import { can } from '../session.js';
import { app, state, setCampaign, versionText } from '../page.js';
import { clearErrors, showErrors } from '../field-errors.js';
import { save } from './campaign-editor.js';
import { loadCampaigns } from './campaign-list.js';

/** The lifecycle card; after a change of state, rerender() draws the campaign page again. */
export function renderLifecycle(view, { rerender }) {
  const note = h('p', { id: 'lifecycle-feedback', role: 'status' });
  const act = async (action, done, confirmKey) => {
    if (confirmKey && !window.confirm(t(confirmKey))) return;
    clearErrors();
    app.querySelector('#general-errors').replaceChildren();
    if (action === 'publish' && state.view.lifecycle === 'draft' && can('campaign-editor')) {
      const ok = await save(app.querySelector('#editor'), note);
      if (!ok) return;
    }
    try {
      const result = await api.lifecycle(view.definition.id, action, state.etag);
      if (result.status === 202) {
        // Four eyes: nothing changed yet; the approval waits for a second person.
        rerender();
        feedback(app.querySelector('#lifecycle-feedback'), true, t('fourEyes.waiting'));
        return;
      }
      setCampaign(result.data, result.etag);
      state.draft = null;
      await loadCampaigns();
      rerender();
      feedback(app.querySelector('#lifecycle-feedback'), true, t(done));
    } catch (error) {
      handle(error, note);
      const errors = error instanceof ApiError ? error.problem?.errors : null;
      if (errors) {
        feedback(note, false, t('publish.blocked', { n: Object.values(errors).flat().length }));
        showErrors(fieldErrors(error.problem));
      }
    }
  };
  const draft = view.lifecycle === 'draft';
  const publisher = can('publisher');
  return h('section', { class: 'card', id: 'lifecycle' },
    h('h2', {}, t('section.lifecycle')),
    h('p', { class: 'meta' }, statusBadge(view.status), ' ', h('span', { class: 'muted' }, t('lifecycle', { value: t(`lifecycle.${view.lifecycle}`) })),
      ' ', h('span', { class: 'muted small', id: 'etag' }, versionText(view))),
    draft ? h('p', { class: 'muted small' }, t('publishHint')) : h('p', { class: 'muted small' }, t('locked')),
    publisher ? h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'primary', id: 'publish', disabled: !draft,
        onclick: () => act('publish', 'published') }, t('publish')),
      h('button', { type: 'button', id: 'close', disabled: view.lifecycle !== 'published',
        onclick: () => act('close', 'closed', 'confirm.close') }, t('close')),
      h('button', { type: 'button', id: 'archive', disabled: view.lifecycle === 'archived',
        onclick: () => act('archive', 'archived', 'confirm.archive') }, t('archive')))
      : h('p', { class: 'muted small', id: 'lifecycle-role' }, t('role.needed', { roles: roleName('publisher') })),
    note);
}
