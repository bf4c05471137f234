// The first screen: the function key (kept in session storage by api.js) and the name the audit log records.

import { t } from '../i18n.js';
import { h, replace } from '../../shared/dom.js';
import { actor, setSession } from '../api.js';
import { feedback } from '../ui.js';
import { app, state } from '../page.js';

/** Asks for the key; onSignIn() draws the console once it is given (a wrong key comes back here with message). */
export function renderKeyForm(message, { onSignIn }) {
  const error = h('p', { id: 'key-feedback', role: 'alert' });
  if (message) feedback(error, false, message);
  const form = h('form', { id: 'key-form', class: 'card narrow', autocomplete: 'off' },
    h('h1', {}, t('key.title')),
    h('p', { class: 'muted' }, t('key.intro')),
    h('label', { for: 'admin-key' }, t('key.key')),
    h('input', { id: 'admin-key', type: 'password', required: true, autocomplete: 'off', spellcheck: 'false' }),
    h('label', { for: 'admin-actor' }, t('key.actor')),
    h('input', { id: 'admin-actor', type: 'text', maxlength: 64, autocomplete: 'name', value: actor() }),
    h('button', { type: 'submit', class: 'primary', id: 'key-submit' }, t('key.submit')),
    error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    setSession(form.querySelector('#admin-key').value.trim(), form.querySelector('#admin-actor').value.trim());
    state.campaigns = null;
    onSignIn();
  });
  replace(app, form);
  form.querySelector('#admin-key').focus();
}
