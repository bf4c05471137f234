// The admin console: sign-in (session.js: Microsoft Entra ID, or dev sign-in on the DevHost), the campaign list, the campaign editor (all forms: the lists are rows from
// forms.js; riddles also from CSV), publish with every problem shown next to its field, moderation and the audit
// log; the campaign page also holds the cards of draws, prizes (vouchers, awards) and figures. This file is the
// shell and the route; each screen is a module of screens/. Plain DOM; text from the API (titles, messages, audit
// summaries) is only ever inserted as text, never as HTML.

import { t, lang, setLang } from './i18n.js';
import { h, replace } from '../shared/dom.js';
import { api } from './api.js';
import { me, signedIn, signOut } from './session.js';
import { onSignedOut, handle, roleName } from './ui.js';
import { app, side, state, campaignIdFromHash } from './page.js';
import { showErrors } from './field-errors.js';
import { renderSignIn } from './screens/sign-in.js';
import { renderSide, renderList } from './screens/campaign-list.js';
import { renderCampaign, openCampaign } from './screens/campaign.js';

const sessionBox = document.getElementById('session');

// ---- shell ---------------------------------------------------------------------------------------------------

function renderShell() {
  document.title = t('app.title');
  document.documentElement.lang = lang();
  document.getElementById('brand').textContent = t('app.title');
  const switcher = document.getElementById('lang-switch');
  // Named by its visible text (the other language, in that language), as WCAG 2.5.3 asks; the title explains it.
  switcher.textContent = t('lang.switch');
  switcher.lang = lang() === 'zh-CN' ? 'en' : 'zh-CN';
  switcher.title = t('lang.switchLabel');
  if (me.current) {
    const { name, roles } = me.current;
    replace(sessionBox,
      h('span', { 'data-testid': 'actor' }, t('signIn.as', { name })), ' ',
      h('span', { class: 'small', 'data-testid': 'roles' },
        roles.length > 0 ? roles.map(roleName).join(t('list.and')) : t('signIn.noRoles')), ' ',
      h('button', { type: 'button', class: 'link', id: 'sign-out', onclick: async () => { await signOut(); render(); } },
        t('signIn.signOut')));
  } else {
    sessionBox.replaceChildren();
  }
}

/** Who is signed in (GET /api/manage/me); false when nobody is, or the server refused the token. */
async function loadMe() {
  if (me.current) return true;
  if (!(await signedIn())) return false;
  try {
    me.current = (await api.me()).data;
    return Boolean(me.current);
  } catch (error) {
    handle(error, null);
    return false;
  }
}

async function render(message) {
  if (!(await loadMe())) {
    renderShell();
    side.replaceChildren();
    await renderSignIn(message, { onSignIn: () => render() });
    return;
  }
  renderShell();
  renderSide();
  renderMain();
}

// ---- route ------------------------------------------------------------------------------------------------------

/** The campaign the address names, else a line asking to pick one. */
function renderMain() {
  const id = campaignIdFromHash();
  if (!id) {
    state.view = null;
    replace(app, h('p', { class: 'muted pick' }, t('pick')));
    return;
  }
  if (state.view?.definition?.id === id) renderCampaign();
  else openCampaign(id);
}

// ---- start ------------------------------------------------------------------------------------------------------

/** What the admin has typed (by control id), so that redrawing the page in another language keeps it. */
function typedValues() {
  const values = new Map();
  for (const control of document.querySelectorAll('#app [id]:is(input, textarea, select), #side [id]:is(input, textarea)')) {
    if (control.type === 'file' || control.type === 'password') continue;
    values.set(control.id, control.type === 'checkbox' ? control.checked : control.value);
  }
  return values;
}

function restoreTyped(values) {
  for (const [id, value] of values) {
    const control = document.getElementById(id);
    if (!control) continue;
    if (control.type === 'checkbox') control.checked = value;
    else control.value = value;
  }
}

document.getElementById('lang-switch').addEventListener('click', async () => {
  const typed = typedValues();
  const errors = state.errors;
  setLang(lang() === 'zh-CN' ? 'en' : 'zh-CN');
  await render();
  restoreTyped(typed);
  if (errors && state.view) showErrors(errors, { quiet: true });
});

onSignedOut(render);

window.addEventListener('hashchange', () => {
  if (!me.current) return;
  renderList();
  renderMain();
});

render();
