// The session box: who is signed in, or (on the DevHost) a form that gets a development token; and the question a
// sign-in link asks before it switches the page to another entrant.

import { t } from '../i18n.js';
import { h, replace } from '../../shared/dom.js';
import { api, token, setToken, signedInAs, identityIn } from '../api.js';
import { showError } from '../ui.js';

/** A link's token that would switch identities, until the entrant accepts or refuses it. */
let offeredSwitch = null;

/** Keeps a link's token that names another entrant than the one signed in: the session box asks before using it. */
export function offerSwitch(offered) {
  offeredSwitch = offered;
}

/** The question: who the link signs in as (the token's name and id, unverified: the server checks it), and the two answers. */
function switchQuestion(who, onChange) {
  const offered = identityIn(offeredSwitch);
  const as = offered ? (offered.name ? `${offered.name} (${offered.sub})` : offered.sub) : t('signIn.switchUnknown');
  const answer = (accept) => {
    if (accept) setToken(offeredSwitch);
    offeredSwitch = null;
    onChange();
  };
  return h('div', { class: 'card', role: 'alertdialog', 'aria-labelledby': 'switch-title', 'data-testid': 'switch-identity' },
    h('h2', { id: 'switch-title' }, t('signIn.switchTitle')),
    h('p', {}, t('signIn.switchAsk', { to: as, from: who })),
    h('button', { type: 'button', 'data-testid': 'switch-accept', onclick: () => answer(true) }, t('signIn.switchAccept', { to: as })),
    h('button', { type: 'button', class: 'link', 'data-testid': 'switch-refuse', onclick: () => answer(false) }, t('signIn.switchKeep', { from: who })));
}

/** Draws the session box; onChange() draws the page again after a sign-in or a sign-out. */
export function renderSession({ onChange }) {
  const session = document.getElementById('session');
  const who = signedInAs();
  if (token() && who) {
    replace(session,
      h('span', { 'data-testid': 'signed-in' }, t('signIn.signedInAs', { id: who })),
      h('button', { type: 'button', class: 'link', onclick: () => { setToken(null); onChange(); } }, t('nav.signOut')),
      ...(offeredSwitch ? [switchQuestion(who, onChange)] : []));
    return;
  }
  if (offeredSwitch) {
    // Signed out meanwhile: nobody to switch from, so the link signs in as it would have.
    setToken(offeredSwitch);
    offeredSwitch = null;
    renderSession({ onChange });
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
