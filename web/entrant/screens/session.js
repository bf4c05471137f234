// The session box: who is signed in, or (on the DevHost) a form that gets a development token.

import { t } from '../i18n.js';
import { h, replace } from '../../shared/dom.js';
import { api, token, setToken, signedInAs } from '../api.js';
import { showError } from '../ui.js';

/** Draws the session box; onChange() draws the page again after a sign-in or a sign-out. */
export function renderSession({ onChange }) {
  const session = document.getElementById('session');
  const who = signedInAs();
  if (token() && who) {
    replace(session,
      h('span', { 'data-testid': 'signed-in' }, t('signIn.signedInAs', { id: who })),
      h('button', { type: 'button', class: 'link', onclick: () => { setToken(null); onChange(); } }, t('nav.signOut')));
    return;
  }

  const feedback = h('p', { class: 'feedback', role: 'status' });
  const idInput = h('input', { id: 'dev-entrant-id', name: 'sub', value: 'worker-001', autocomplete: 'off', required: true, maxlength: 64 });
  const member = h('input', { id: 'dev-member', type: 'checkbox', checked: true });
  const form = h('form', {
    class: 'card',
    onsubmit: async (event) => {
      event.preventDefault();
      try {
        const answer = await api.devToken(idInput.value.trim(), member.checked);
        setToken(answer.token);
        onChange();
      } catch (error) {
        showError(feedback, error);
      }
    },
  },
  h('h2', {}, t('signIn.devTitle')),
  h('p', { class: 'muted' }, t('signIn.devIntro')),
  h('label', { for: 'dev-entrant-id' }, t('signIn.entrantId')),
  idInput,
  h('label', { class: 'check' }, member, t('signIn.member')),
  h('button', { type: 'submit', id: 'dev-sign-in' }, t('signIn.button')),
  feedback);
  replace(session, h('p', { class: 'muted' }, t('signIn.intro')), form);
}
