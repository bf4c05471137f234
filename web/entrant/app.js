// The entrant page: campaigns, a campaign's activities and rules, and "Mine". This file is the chrome and the route;
// each screen is a module of screens/. Plain DOM; text from the API is only ever inserted as text (textContent /
// text nodes), never as HTML.

import { t, lang, setLang } from './i18n.js';
import { setToken, token, signedInAs, identityIn } from './api.js';
import { listenForHostTokens } from './host.js';
import { stopTimers } from './ui.js';
import { renderSession, offerSwitch } from './screens/session.js';
import { renderList } from './screens/campaign-list.js';
import { renderCampaign } from './screens/campaign.js';

const app = document.getElementById('app');

// ---- routing ------------------------------------------------------------------------------------------------

// A #token= link signs in silently when nobody is signed in or it names the same entrant; a link that would switch
// the page to someone else asks first, naming who (a link can be sent by anyone, and a silent switch would put the
// next entries and claims under a stranger's id).
function takeTokenFromFragment() {
  const match = /^#token=([^&]+)/.exec(location.hash);
  if (!match) return;
  history.replaceState(null, '', `${location.pathname}${location.search}#/`);
  let offered;
  try {
    offered = decodeURIComponent(match[1]);
  } catch {
    return;
  }
  const current = token() ? signedInAs() : null;
  if (!current || identityIn(offered)?.sub === current) setToken(offered);
  else offerSwitch(offered);
}

async function route() {
  stopTimers();
  const path = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (path[0] === 'c' && path[1]) await renderCampaign(path[1], ['rules', 'winners', 'mine'].includes(path[2]) ? path[2] : 'campaign');
  else await renderList();
}

function renderChrome() {
  document.documentElement.lang = lang();
  document.getElementById('session').setAttribute('aria-label', t('session.label'));
  document.title = t('app.title');
  document.getElementById('brand').textContent = t('app.title');
  // The button names the other language in that language (its visible text is its accessible name, so voice
  // control users can say what they see); what it does goes in the description.
  const button = document.getElementById('lang-switch');
  button.textContent = t('lang.switch');
  button.lang = otherLang();
  button.title = t('lang.switchLabel');
}

const otherLang = () => (lang() === 'zh-CN' ? 'en' : 'zh-CN');

function renderAll() {
  renderChrome();
  renderSession({ onChange: renderAll });
  return route();
}

document.getElementById('lang-switch').addEventListener('click', () => {
  setLang(otherLang());
  renderAll();
});
// A screen reader hears where a link led: the new page's heading takes the focus (main is not a live region, or
// every countdown tick would be read out).
window.addEventListener('hashchange', async () => {
  takeTokenFromFragment();
  renderSession({ onChange: renderAll });
  await route();
  app.querySelector('h1')?.focus();
});
listenForHostTokens((hostToken) => {
  setToken(hostToken);
  renderAll();
});
takeTokenFromFragment();
renderAll();
