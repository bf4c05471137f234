// The campaign editor: the settings as fields bound to JSON paths of the definition, the lists as rows
// (campaign-lists.js; riddles also from CSV, all five as JSON), and save: the settings with If-Match, then each list
// that changed. Every problem the server names shows next to its field (field-errors.js).

import { t } from '../i18n.js';
import { fieldErrors } from '../validation.js';
import { h, append } from '../../shared/dom.js';
import { api, ApiError } from '../api.js';
import { problemText, feedback, handle } from '../ui.js';
import { can } from '../session.js';
import { fieldId } from '../forms.js';
import { state, setCampaign } from '../page.js';
import { clearErrors, paintErrors, showErrors } from '../field-errors.js';
import { campaignLists } from './campaign-lists.js';
import { riddlesCsv } from './riddles-csv.js';
import { jsonDetails } from './lists-json.js';

// Each form field is bound to a JSON path of the definition; publish and validation errors name the same paths.
const SECTIONS = [
  { key: 'settings', fields: [
    { path: 'title', label: 'field.title', kind: 'text' },
    { path: 'summary', label: 'field.summary', kind: 'textarea', rows: 3 },
    { path: 'timeZone', label: 'field.timeZone', kind: 'text', datalist: 'time-zones' },
    { path: 'membersOnly', label: 'field.membersOnly', kind: 'check' },
    { path: 'allowMultipleWins', label: 'field.allowMultipleWins', kind: 'check' },
    // Four eyes: publishing and running a draw by hand take two people unless the campaign says otherwise.
    { path: 'fourEyes', label: 'field.fourEyes', kind: 'check', absent: true },
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
      return h('input', { ...attrs, type: 'checkbox', checked: (value ?? field.absent) === true });
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

/** The lists of a campaign as the editor changes them: copies of what the server holds. */
function draftOf(view) {
  return structuredClone({
    prizes: view.prizes ?? [], activities: view.definition.activities ?? [], draws: view.definition.schedule?.draws ?? [],
    riddles: view.riddles ?? [], candidates: view.candidates ?? [],
  });
}

/** The editor's form; onReload() fetches the campaign again and redraws the page. */
export function renderEditor(view, { onReload }) {
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
    if (section.csv) append(set, riddlesCsv(lists));
    form.append(set);
  }
  form.append(jsonDetails(lists, locked));
  form.append(h('datalist', { id: 'time-zones' }, ZONES.map((zone) => h('option', { value: zone }))));
  const saveFeedback = h('p', { id: 'save-feedback', role: 'status' });
  form.append(h('div', { class: locked ? 'actions' : 'actions sticky' },
    h('button', { type: 'submit', class: 'primary', id: 'save', disabled: locked || !can('campaign-editor') }, t('save')),
    h('button', { type: 'button', id: 'reload', onclick: onReload }, t('reload')),
    saveFeedback));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (await save(form, saveFeedback)) feedback(saveFeedback, true, t('saved'));
  });
  return form;
}

/** Reads the form's settings and the draft's lists into a definition and the three lists saved on their own. */
function readForm(form, view) {
  const definition = structuredClone(view.definition);
  for (const section of SECTIONS) {
    for (const field of section.fields) {
      const control = form.querySelector(`#${fieldId(field.path)}`);
      let value;
      // A switch left at its default stays absent, as the definition had it (absent fourEyes means on).
      if (field.kind === 'check') value = field.absent === control.checked && getPath(view.definition, field.path) === undefined ? undefined : control.checked;
      else if (field.kind === 'number') value = control.value === '' ? undefined : Number(control.value);
      else value = control.value.trim() === '' ? undefined : control.value.trim();
      setPath(definition, field.path, value);
    }
  }
  const draft = structuredClone(state.draft);
  for (const activity of draft.activities) {
    if (Array.isArray(activity.fields) && activity.fields.length === 0) delete activity.fields;
  }
  for (const draw of draft.draws) {
    if (Array.isArray(draw.witnesses) && draw.witnesses.length === 0) delete draw.witnesses;
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
export async function save(form, element) {
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
