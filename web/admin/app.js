// The admin console: the function key, the campaign list, the campaign editor (all forms: the lists are rows from
// forms.js; riddles also from CSV), publish with every problem shown next to its field, moderation and the audit
// log; the campaign page also holds the cards of draws.js, prizes.js (vouchers, awards) and figures.js. Plain DOM;
// text from the API (titles, messages, audit summaries) is only ever inserted as text, never as HTML.

import { t, lang, setLang } from './i18n.js';
import { errorText, fieldErrors } from './validation.js';
import { h, append, replace } from '../shared/dom.js';
import { api, ApiError, functionKey, actor, setSession } from './api.js';
import { problemText, feedback, handle, formatTime, showTimesIn, onKeyRejected } from './ui.js';
import { renderDraws } from './draws.js';
import { renderVouchers, renderAwards } from './prizes.js';
import { renderFigures } from './figures.js';
import { fieldId, campaignLists, slug } from './forms.js';

const app = document.getElementById('app');
const side = document.getElementById('side');
const sessionBox = document.getElementById('session');

const state = {
  campaigns: null,
  view: null, // the AdminCampaignView of the selected campaign
  etag: null,
  errors: null, // the problems shown next to the fields (fieldErrors), kept with their codes to be reworded on a language switch
  draft: null, // the lists being edited ({ prizes, activities, draws, riddles, candidates }), kept across a language switch
};

const statusBadge = (status) => h('span', { class: `badge status-${status}` }, t(`status.${status}`));
const campaignIdFromHash = () => (location.hash.match(/^#\/c\/([a-z0-9-]{1,64})$/) ?? [])[1] ?? null;

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
  if (functionKey()) {
    const name = actor().trim();
    replace(sessionBox,
      h('span', { 'data-testid': 'actor' }, name ? t('key.signedIn', { name }) : t('key.anonymous')), ' ',
      h('button', { type: 'button', class: 'link', id: 'sign-out', onclick: () => { setSession(null); render(); } },
        t('key.signOut')));
  } else {
    sessionBox.replaceChildren();
  }
}

function render(message) {
  renderShell();
  if (!functionKey()) {
    side.replaceChildren();
    renderKeyForm(message);
    return;
  }
  renderSide();
  renderMain();
}

function renderKeyForm(message) {
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
    render();
  });
  replace(app, form);
  form.querySelector('#admin-key').focus();
}

// ---- campaign list and create ----------------------------------------------------------------------------------

async function loadCampaigns() {
  try {
    state.campaigns = (await api.campaigns()).data ?? [];
  } catch (error) {
    state.campaigns = [];
    handle(error, side.querySelector('#list-feedback'));
    return;
  }
  renderList();
}

function renderSide() {
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
    create);
  if (state.campaigns) renderList();
  else loadCampaigns();
}

function renderList() {
  const list = side.querySelector('#campaigns');
  if (!list || !state.campaigns) return; // still loading: loadCampaigns draws it
  const selected = campaignIdFromHash();
  replace(list, state.campaigns.length === 0 ? h('li', { class: 'muted' }, t('list.empty')) : state.campaigns.map((c) =>
    h('li', { 'data-campaign': c.id, class: c.id === selected ? 'selected' : '' },
      h('a', { href: `#/c/${c.id}`, 'aria-current': c.id === selected ? 'page' : null },
        h('span', { class: 'title' }, c.title ?? c.id),
        h('span', { class: 'meta' }, h('code', {}, c.id), ' ', statusBadge(c.status))))));
}

// ---- the editor -----------------------------------------------------------------------------------------------

// Each form field is bound to a JSON path of the definition; publish and validation errors name the same paths.
const SECTIONS = [
  { key: 'settings', fields: [
    { path: 'title', label: 'field.title', kind: 'text' },
    { path: 'summary', label: 'field.summary', kind: 'textarea', rows: 3 },
    { path: 'timeZone', label: 'field.timeZone', kind: 'text', datalist: 'time-zones' },
    { path: 'membersOnly', label: 'field.membersOnly', kind: 'check' },
    { path: 'allowMultipleWins', label: 'field.allowMultipleWins', kind: 'check' },
    { path: 'contactRetentionDays', label: 'field.contactRetentionDays', kind: 'number' },
  ] },
  { key: 'schedule', path: 'schedule', fields: [
    { path: 'schedule.opensAt', label: 'field.opensAt', kind: 'time' },
    { path: 'schedule.closesAt', label: 'field.closesAt', kind: 'time' },
    { path: 'schedule.claimDeadline', label: 'field.claimDeadline', kind: 'time' },
  ] },
  { key: 'organiser', path: 'organiser', fields: [
    { path: 'organiser.name', label: 'field.organiserName', kind: 'text' },
    { path: 'organiser.contact', label: 'field.organiserContact', kind: 'text' },
  ] },
  { key: 'rules', path: 'rules', fields: [
    { path: 'rules.entryConditions', label: 'field.entryConditions', kind: 'textarea', rows: 3 },
    { path: 'rules.awardMethod', label: 'field.awardMethod', kind: 'textarea', rows: 3 },
    { path: 'rules.claimInstructions', label: 'field.claimInstructions', kind: 'textarea', rows: 3 },
    { path: 'rules.forfeiture', label: 'field.forfeiture', kind: 'textarea', rows: 3 },
    { path: 'rules.notes', label: 'field.notes', kind: 'textarea', rows: 2 },
  ] },
  // The lists, as rows of forms (forms.js): tiers first, as activities and draws pick from them.
  { key: 'prizes', list: 'prizes', fields: [] },
  { key: 'activities', list: 'activities', fields: [] },
  { key: 'drawSchedule', list: 'draws', fields: [] },
  { key: 'riddles', list: 'riddles', fields: [], csv: true },
  { key: 'candidates', list: 'candidates', fields: [] },
];
const LIST_PARTS = ['riddles', 'candidates', 'prizes'];
const ZONES = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Urumqi', 'Asia/Tokyo', 'Europe/London', 'UTC'];

function getPath(object, path) {
  return path.split('.').reduce((value, name) => (value == null ? undefined : value[name]), object);
}

function setPath(object, path, value) {
  const names = path.split('.');
  let target = object;
  for (const name of names.slice(0, -1)) {
    if (target[name] == null || typeof target[name] !== 'object') target[name] = {};
    target = target[name];
  }
  const last = names[names.length - 1];
  if (value === undefined) delete target[last];
  else target[last] = value;
}

function fieldControl(field, view) {
  const value = getPath(view.definition, field.path);
  const attrs = { id: fieldId(field.path), name: field.path, 'data-path': field.path, 'aria-describedby': `${fieldId(field.path)}-errors` };
  switch (field.kind) {
    case 'check':
      return h('input', { ...attrs, type: 'checkbox', checked: value === true });
    case 'number':
      return h('input', { ...attrs, type: 'number', min: 0, step: 1, value: value ?? '' });
    case 'textarea': {
      const area = h('textarea', { ...attrs, rows: field.rows ?? 3 });
      area.value = value ?? '';
      return area;
    }
    case 'time':
      return h('input', { ...attrs, type: 'text', value: value ?? '', placeholder: '2027-03-01T08:00:00', spellcheck: 'false',
        'aria-describedby': `${attrs['aria-describedby']} time-hint` });
    default:
      return h('input', { ...attrs, type: 'text', value: value ?? '', list: field.datalist ?? null });
  }
}

function fieldRow(field, view) {
  const control = fieldControl(field, view);
  const errors = h('ul', { class: 'field-errors', id: `${fieldId(field.path)}-errors` });
  if (field.kind === 'check') {
    return h('div', { class: 'field check' }, h('label', {}, control, ' ', t(field.label)), errors);
  }
  return h('div', { class: 'field' }, h('label', { for: control.id }, t(field.label)), control, errors);
}

function csvRows(text) {
  // RFC 4180-ish: commas, quoted fields with "" for a quote, CR LF or LF.
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) { row.push(cell); rows.push(row); }
  return rows.filter((r) => r.some((value) => value.trim() !== ''));
}

/** id,activityId,question,hint,answer1|answer2 (a header line starting with "id" is skipped) → riddle objects. */
function riddlesFromCsv(text) {
  const rows = csvRows(text);
  if (rows.length > 0 && rows[0][0].trim().toLowerCase() === 'id') rows.shift();
  if (rows.length === 0) throw new Error(t('csv.empty'));
  return rows.map((row, index) => {
    if (row.length !== 5) throw new Error(t('csv.invalid', { line: index + 1 }));
    const [id, activityId, question, hint, answers] = row.map((value) => value.trim());
    const riddle = { id, activityId, question };
    if (hint) riddle.hint = hint;
    riddle.answers = answers.split('|').map((a) => a.trim()).filter(Boolean);
    return riddle;
  });
}

/** The lists of a campaign as the editor changes them: copies of what the server holds. */
function draftOf(view) {
  return structuredClone({
    prizes: view.prizes ?? [], activities: view.definition.activities ?? [], draws: view.definition.schedule?.draws ?? [],
    riddles: view.riddles ?? [], candidates: view.candidates ?? [],
  });
}

function renderEditor(view) {
  const locked = view.lifecycle !== 'draft';
  state.draft ??= draftOf(view);
  const lists = campaignLists(state.draft, {
    // A list redrawn (a row added, an id renamed) shows its problems again; an added or removed row shifts the rows
    // after it, so the problems of that list are forgotten rather than shown on the wrong row.
    afterDraw: (box) => { if (state.errors) paintErrors(state.errors, box); },
    onChange: (path) => {
      for (const key of Object.keys(state.errors ?? {})) if (key.startsWith(`${path}[`)) delete state.errors[key];
    },
  });
  const form = h('form', { id: 'editor', novalidate: true });
  for (const section of SECTIONS) {
    const set = h('fieldset', { class: 'card', 'data-section': section.key, 'data-path': section.path ?? null, disabled: locked },
      h('legend', {}, t(`section.${section.key}`)),
      h('ul', { class: 'field-errors section-errors', id: `section-${section.key}-errors` }),
      section.key === 'schedule' ? h('p', { class: 'muted small', id: 'time-hint' }, t('field.timeHint')) : null,
      section.list ? h('p', { class: 'muted small', id: `${section.key}-hint` }, t(`hint.${section.key}`)) : null,
      section.key === 'drawSchedule' ? h('p', { class: 'muted small', id: 'draws-all-hint' }, t('hint.drawsAll')) : null,
      section.fields.map((field) => fieldRow(field, view)),
      section.list ? lists[section.list] : null);
    if (section.csv) {
      const csv = h('textarea', { id: 'riddles-csv', rows: 4, class: 'code', spellcheck: 'false',
        placeholder: 'r01,lantern-riddles,一口咬掉牛尾巴,打一字,告' });
      const file = h('input', { type: 'file', id: 'riddles-csv-file', accept: '.csv,text/csv,text/plain' });
      const note = h('p', { id: 'riddles-csv-feedback', role: 'status' });
      const convert = () => {
        try {
          const riddles = riddlesFromCsv(csv.value);
          state.draft.riddles.splice(0, Infinity, ...riddles);
          for (const key of Object.keys(state.errors ?? {})) if (key.startsWith('riddles[')) delete state.errors[key];
          lists.riddles.redraw();
          feedback(note, true, t('field.riddlesCsvDone', { n: riddles.length }));
        } catch (error) {
          feedback(note, false, error.message);
        }
      };
      // A chosen file goes through the same box and conversion as a paste, so the admin sees what was read.
      file.addEventListener('change', async () => {
        if (!file.files?.[0]) return;
        csv.value = (await file.files[0].text()).replace(/^\uFEFF/, '');
        file.value = '';
        convert();
      });
      append(set, h('details', { class: 'csv' }, h('summary', {}, t('field.riddlesCsvOpen')),
        h('div', { class: 'field' }, h('label', { for: 'riddles-csv' }, t('field.riddlesCsv')), csv),
        h('div', { class: 'field' }, h('label', { for: 'riddles-csv-file' }, t('field.riddlesCsvFile')), file),
        h('button', { type: 'button', id: 'riddles-csv-convert', onclick: convert }, t('field.riddlesCsvConvert'))), note);
    }
    form.append(set);
  }
  form.append(jsonDetails(lists, locked));
  form.append(h('datalist', { id: 'time-zones' }, ZONES.map((zone) => h('option', { value: zone }))));
  const saveFeedback = h('p', { id: 'save-feedback', role: 'status' });
  form.append(h('div', { class: locked ? 'actions' : 'actions sticky' },
    h('button', { type: 'submit', class: 'primary', id: 'save', disabled: locked }, t('save')),
    h('button', { type: 'button', id: 'reload', onclick: () => openCampaign(view.definition.id) }, t('reload')),
    saveFeedback));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (await save(form, saveFeedback)) feedback(saveFeedback, true, t('saved'));
  });
  return form;
}

const LIST_NAMES = ['prizes', 'activities', 'draws', 'riddles', 'candidates'];

/**
 * For power users: the five lists as one JSON object, read into the forms with "apply" (saved with the rest). Opened,
 * it shows the forms' current lists unless the admin has typed in it since.
 */
function jsonDetails(lists, locked) {
  const text = () => JSON.stringify(Object.fromEntries(LIST_NAMES.map((name) => [name, state.draft[name]])), null, 2);
  const area = h('textarea', { id: 'lists-json', rows: 16, class: 'code', spellcheck: 'false', readonly: locked });
  const note = h('p', { id: 'lists-json-feedback', role: 'status' });
  let shown = text();
  area.value = shown;
  const apply = () => {
    let parsed;
    try {
      parsed = JSON.parse(area.value);
      if (!parsed || typeof parsed !== 'object') throw new Error(t('json.shape'));
      const wrong = LIST_NAMES.filter((name) => name in parsed && !(Array.isArray(parsed[name])
        && parsed[name].every((item) => item && typeof item === 'object' && !Array.isArray(item))));
      if (Array.isArray(parsed) || wrong.length > 0) throw new Error(t('json.shape'));
    } catch (error) {
      feedback(note, false, t('json.invalid', { message: error.message }));
      return;
    }
    for (const name of LIST_NAMES) if (name in parsed) state.draft[name].splice(0, Infinity, ...parsed[name]);
    state.errors = null;
    clearErrors();
    for (const name of LIST_NAMES) lists[name].redraw();
    shown = text();
    area.value = shown;
    feedback(note, true, t('json.applied'));
  };
  // Refreshed as it opens (a click on the summary, from the keyboard too, comes before the details open).
  const summary = h('summary', { onclick: () => { if (!details.open && area.value === shown) area.value = shown = text(); } },
    t('json.open'));
  const details = h('details', { class: 'card', id: 'lists-json-details' }, summary,
    h('p', { class: 'muted small' }, t('json.hint')),
    h('label', { for: 'lists-json' }, t('json.label')), area,
    h('button', { type: 'button', id: 'lists-json-apply', onclick: apply, disabled: locked }, t('json.apply')), note);
  return details;
}

function clearErrors() {
  state.errors = null;
  for (const list of app.querySelectorAll('.field-errors')) list.replaceChildren();
  for (const invalid of app.querySelectorAll('[aria-invalid]')) invalid.removeAttribute('aria-invalid');
  for (const wrap of app.querySelectorAll('.invalid')) wrap.classList.remove('invalid');
}

/** The control or group whose path is key or the nearest ancestor of it (prizes[0].kind → prizes[0]), else its section. */
function targetFor(key) {
  for (let path = key; path;) {
    const found = app.querySelector(`[data-path="${CSS.escape(path)}"]`);
    if (found) return found;
    const shorter = path.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
    if (shorter === path) break;
    path = shorter;
  }
  return app.querySelector(`[data-section="${CSS.escape(key.split(/[.[]/)[0])}"]`);
}

const isControl = (element) => element.matches('input, select, textarea');

/**
 * Puts each problem next to the control its path names (or the group: a row, an award, a set of checkboxes, a list),
 * else under its section, else in the general list; only for targets inside root. Returns the targets. The problems
 * are fieldErrors, worded here in the current language.
 */
function paintErrors(errors, root = app) {
  const targets = [];
  for (const [key, messages] of Object.entries(errors ?? {})) {
    const target = targetFor(key);
    if (target ? !root.contains(target) : root !== app) continue;
    const exact = target?.getAttribute('data-path') === key;
    let list = null;
    if (target && !isControl(target)) list = target.querySelector(':scope > .section-errors');
    if (target && !list) list = app.querySelector(`#${CSS.escape(target.id)}-errors`);
    list ??= app.querySelector('#general-errors');
    for (const error of [messages].flat()) {
      const message = errorText(error);
      list.append(h('li', { 'data-error': key }, exact ? message : `${key}: ${message}`));
    }
    if (target && isControl(target)) {
      target.setAttribute('aria-invalid', 'true');
      target.closest('.field')?.classList.add('invalid');
    } else if (target) {
      target.classList.add('invalid');
    }
    targets.push(target ?? list);
  }
  return targets;
}

/**
 * Shows the problems (paintErrors) and moves to the first one on the page, focusing its control or the first control
 * of its group (unless quiet: the page redrawn in another language shows them again where they were).
 */
function showErrors(errors, { quiet = false } = {}) {
  state.errors = { ...state.errors, ...errors };
  const targets = paintErrors(errors);
  if (quiet || targets.length === 0) return;
  const first = targets.reduce((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_PRECEDING ? b : a));
  first.scrollIntoView({ block: 'center' });
  const control = isControl(first) ? first
    : first.querySelector('input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled])');
  control?.focus({ preventScroll: true });
}

/** Reads the form's settings and the draft's lists into a definition and the three lists saved on their own. */
function readForm(form, view) {
  const definition = structuredClone(view.definition);
  for (const section of SECTIONS) {
    for (const field of section.fields) {
      const control = form.querySelector(`#${fieldId(field.path)}`);
      let value;
      if (field.kind === 'check') value = control.checked;
      else if (field.kind === 'number') value = control.value === '' ? undefined : Number(control.value);
      else value = control.value.trim() === '' ? undefined : control.value.trim();
      setPath(definition, field.path, value);
    }
  }
  const draft = structuredClone(state.draft);
  for (const activity of draft.activities) {
    if (Array.isArray(activity.fields) && activity.fields.length === 0) delete activity.fields;
  }
  if (draft.activities.length > 0 || view.definition.activities) definition.activities = draft.activities;
  if (draft.draws.length > 0 || getPath(view.definition, 'schedule.draws')) setPath(definition, 'schedule.draws', draft.draws);
  for (const group of ['schedule', 'organiser', 'rules']) {
    if (definition[group] && Object.keys(definition[group]).length === 0) delete definition[group];
  }
  return { definition, lists: { riddles: draft.riddles, candidates: draft.candidates, prizes: draft.prizes } };
}

/** JSON with object keys sorted, to tell whether anything changed. */
function stable(value) {
  return JSON.stringify(value, (key, inner) => (inner && typeof inner === 'object' && !Array.isArray(inner)
    ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : inner));
}

/** Saves the settings (PUT with If-Match) and each list that changed; true when everything is stored. */
async function save(form, element) {
  clearErrors();
  const view = state.view;
  const { definition, lists } = readForm(form, view);
  feedback(element, true, t('saving'));
  try {
    let result;
    if (stable(definition) !== stable(view.definition)) {
      result = await api.update(view.definition.id, definition, state.etag);
      setCampaign(result.data, result.etag);
    }
    for (const part of LIST_PARTS) {
      if (JSON.stringify(lists[part]) === JSON.stringify(view[part] ?? [])) continue;
      result = await api.replace(view.definition.id, part, lists[part], state.etag);
      setCampaign(result.data, result.etag);
    }
    return true;
  } catch (error) {
    handle(error, element);
    if (error instanceof ApiError && error.problem?.errors) {
      showErrors(fieldErrors(error.problem));
      const count = Object.values(error.problem.errors).flat().length;
      feedback(element, false, `${problemText(error)} (${count})`);
    }
    return false;
  }
}

function setCampaign(view, etag) {
  state.view = view;
  // The view carries its ETag too: from another origin the header is hidden (CORS exposes few response headers).
  state.etag = etag ?? view.eTag;
  showTimesIn(view.definition?.timeZone);
  const version = app.querySelector('#etag');
  if (version) version.textContent = t('etag', { value: state.etag });
}

// ---- lifecycle ------------------------------------------------------------------------------------------------

function renderLifecycle(view) {
  const note = h('p', { id: 'lifecycle-feedback', role: 'status' });
  const act = async (action, done, confirmKey) => {
    if (confirmKey && !window.confirm(t(confirmKey))) return;
    clearErrors();
    app.querySelector('#general-errors').replaceChildren();
    if (action === 'publish' && state.view.lifecycle === 'draft') {
      const ok = await save(app.querySelector('#editor'), note);
      if (!ok) return;
    }
    try {
      const result = await api.lifecycle(view.definition.id, action, state.etag);
      setCampaign(result.data, result.etag);
      state.draft = null;
      await loadCampaigns();
      renderCampaign();
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
  return h('section', { class: 'card', id: 'lifecycle' },
    h('h2', {}, t('section.lifecycle')),
    h('p', { class: 'meta' }, statusBadge(view.status), ' ', h('span', { class: 'muted' }, t('lifecycle', { value: t(`lifecycle.${view.lifecycle}`) })),
      ' ', h('span', { class: 'muted small', id: 'etag' }, t('etag', { value: state.etag }))),
    draft ? h('p', { class: 'muted small' }, t('publishHint')) : h('p', { class: 'muted small' }, t('locked')),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'primary', id: 'publish', disabled: !draft,
        onclick: () => act('publish', 'published') }, t('publish')),
      h('button', { type: 'button', id: 'close', disabled: view.lifecycle !== 'published',
        onclick: () => act('close', 'closed', 'confirm.close') }, t('close')),
      h('button', { type: 'button', id: 'archive', disabled: view.lifecycle === 'archived',
        onclick: () => act('archive', 'archived', 'confirm.archive') }, t('archive'))),
    note);
}

// ---- moderation, audit ---------------------------------------------------------------------------------

async function renderModeration(box, campaignId) {
  const note = h('p', { id: 'moderation-feedback', role: 'status' });
  const body = h('div', {}, h('p', { class: 'muted' }, t('loading')));
  replace(box, h('h2', {}, t('section.moderation')), body, note);
  let messages;
  try {
    messages = (await api.pending(campaignId)).data ?? [];
  } catch (error) {
    handle(error, note);
    body.replaceChildren();
    return;
  }
  if (messages.length === 0) {
    replace(body, h('p', { class: 'muted', 'data-testid': 'no-pending' }, t('moderation.none')));
    return;
  }
  const verdict = (message, action, done) => async () => {
    try {
      await api.moderate(campaignId, message.activityId, message.entrantId, action);
      await renderModeration(box, campaignId);
      feedback(box.querySelector('#moderation-feedback'), true, t(done, { id: message.entrantId }));
    } catch (error) {
      handle(error, note);
    }
  };
  replace(body, h('ul', { class: 'plain', id: 'pending' }, messages.map((message) =>
    h('li', { class: 'message', 'data-message': `${message.activityId}/${message.entrantId}` },
      h('p', { class: 'muted small' }, t('moderation.meta',
        { activity: message.activityId, entrant: message.entrantId, time: formatTime(message.at) })),
      h('p', { class: 'message-text' }, message.text),
      h('div', { class: 'actions' },
        h('button', { type: 'button', 'data-approve': message.entrantId,
          onclick: verdict(message, 'approve', 'moderation.approved') }, t('moderation.approve')),
        h('button', { type: 'button', 'data-reject': message.entrantId,
          onclick: verdict(message, 'reject', 'moderation.rejected') }, t('moderation.reject')))))));
}

async function renderAudit(box, campaignId) {
  const note = h('p', { role: 'status' });
  const body = h('div', {}, h('p', { class: 'muted' }, t('loading')));
  replace(box, h('h2', {}, t('section.audit')), body, note);
  let entries;
  try {
    entries = (await api.audit(campaignId)).data ?? [];
  } catch (error) {
    handle(error, note);
    body.replaceChildren();
    return;
  }
  replace(body, entries.length === 0 ? h('p', { class: 'muted' }, t('audit.none')) : h('table', { id: 'audit' },
    h('thead', {}, h('tr', {}, ['audit.at', 'audit.actor', 'audit.action', 'audit.summary'].map((key) => h('th', { scope: 'col' }, t(key))))),
    h('tbody', {}, entries.map((entry) => h('tr', { 'data-action': entry.action },
      h('td', { class: 'nowrap' }, formatTime(entry.at)), h('td', { class: 'nowrap' }, entry.actor), h('td', {}, h('code', {}, entry.action)),
      h('td', {}, entry.summary))))));
}

// ---- the campaign page ------------------------------------------------------------------------------------------

function renderCampaign() {
  const view = state.view;
  const id = view.definition.id;
  const section = (sectionId) => h('section', { class: 'card', id: sectionId });
  const [figures, draws, awards, vouchers, moderation, audit] =
    ['figures-section', 'draws-section', 'awards-section', 'vouchers-section', 'moderation-section', 'audit-section'].map(section);
  // A draft is mostly its editor; once published the settings are locked and the live cards come first.
  const live = view.lifecycle !== 'draft';
  const editor = renderEditor(view);
  const lifecycle = renderLifecycle(view);
  const [main, aside] = live
    ? [[lifecycle, draws, awards, figures, audit], [vouchers, moderation, editor]]
    : [[editor], [lifecycle, vouchers, draws, moderation, audit]];
  replace(app,
    h('h1', { id: 'campaign-title' }, view.definition.title ?? id, ' ', h('code', { class: 'small' }, id)),
    h('ul', { id: 'general-errors', class: 'field-errors', 'aria-live': 'polite' }),
    h('div', { class: `columns${live ? ' live' : ''}` }, h('div', { class: 'main-col' }, main), h('div', { class: 'aside-col' }, aside)));
  const refreshAwards = live ? renderAwards(awards, view) : null;
  if (live) renderFigures(figures, view);
  renderVouchers(vouchers, view);
  // A finished draw has just written its awards.
  renderDraws(draws, id, { onDrawn: () => refreshAwards?.() });
  renderModeration(moderation, id);
  renderAudit(audit, id);
}

async function openCampaign(id) {
  state.errors = null;
  state.draft = null;
  replace(app, h('p', { class: 'muted' }, t('loading')));
  try {
    const { data, etag } = await api.campaign(id);
    setCampaign(data, etag);
  } catch (error) {
    const note = h('p', { role: 'alert' });
    replace(app, note);
    handle(error, note);
    return;
  }
  renderCampaign();
}

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

document.getElementById('lang-switch').addEventListener('click', () => {
  const typed = typedValues();
  const errors = state.errors;
  setLang(lang() === 'zh-CN' ? 'en' : 'zh-CN');
  render();
  restoreTyped(typed);
  if (errors && state.view) showErrors(errors, { quiet: true });
});

onKeyRejected(render);

window.addEventListener('hashchange', () => {
  if (!functionKey()) return;
  renderList();
  renderMain();
});

render();
