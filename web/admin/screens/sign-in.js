// The first screen: sign in with the organisation's account (Microsoft Entra ID, when config.json names the app), or
// on the DevHost as a dev person with chosen roles. Either way the session is this tab's only (session.js).

import { t } from '../i18n.js';
import { h, replace } from '../../shared/dom.js';
import { devSignIn, devSignInRoles, entraSettings, entraSignIn } from '../session.js';
import { feedback, roleName } from '../ui.js';
import { app, state } from '../page.js';

/** The dev sign-in form: a name (one name is one person) and the roles to hold. */
function devForm(roles, onSignIn) {
  const error = h('p', { id: 'dev-sign-in-feedback', role: 'alert' });
  const form = h('form', { id: 'dev-sign-in', autocomplete: 'off' },
    h('h2', {}, t('signIn.devTitle')),
    h('p', { class: 'muted small' }, t('signIn.devIntro')),
    h('label', { for: 'dev-name' }, t('signIn.devName')),
    h('input', { id: 'dev-name', type: 'text', required: true, maxlength: 64, autocomplete: 'name' }),
    h('fieldset', { id: 'dev-roles', class: 'checks' },
      h('legend', {}, t('signIn.devRoles')),
      roles.map((role) => h('label', { class: 'check' },
        h('input', { type: 'checkbox', id: `dev-role-${role}`, value: role, checked: true }), ' ', roleName(role)))),
    h('button', { type: 'submit', class: 'primary', id: 'dev-sign-in-submit' }, t('signIn.devSubmit')),
    error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = [...form.querySelectorAll('#dev-roles input:checked')].map((box) => box.value);
    try {
      await devSignIn(form.querySelector('#dev-name').value.trim(), chosen);
    } catch (problem) {
      const errors = Object.values(problem.problem?.errors ?? {}).flat().join(' ');
      feedback(error, false, [problem.message, errors].filter(Boolean).join(' '));
      return;
    }
    // Another person may see other things: nothing read under the previous sign-in is kept.
    state.campaigns = null;
    state.view = null;
    onSignIn();
  });
  return form;
}

/** Draws the sign-in card; onSignIn() draws the console once signed in (an expired session comes back with message). */
export async function renderSignIn(message, { onSignIn }) {
  const note = h('p', { id: 'sign-in-feedback', role: 'alert' });
  if (message) feedback(note, false, message);
  const card = h('div', { id: 'sign-in', class: 'card narrow' }, h('h1', {}, t('signIn.title')), note,
    h('p', { class: 'muted' }, t('loading')));
  replace(app, card);
  const [entra, devRoles] = await Promise.all([entraSettings(), devSignInRoles()]);
  card.lastChild.remove();
  if (entra) {
    card.append(h('p', { class: 'muted' }, t('signIn.entraIntro')),
      h('button', { type: 'button', class: 'primary', id: 'entra-sign-in', onclick: () => entraSignIn().catch((error) => feedback(note, false, error.message)) },
        t('signIn.entra')));
  }
  if (devRoles) card.append(devForm(devRoles, onSignIn));
  if (!entra && !devRoles) card.append(h('p', { class: 'bad' }, t('signIn.notConfigured')));
  card.querySelector('#dev-name, #entra-sign-in')?.focus();
}
