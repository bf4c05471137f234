// The editor's five lists as one JSON text, for power users: edited here and applied to the forms.

import { t } from '../i18n.js';
import { h } from '../../shared/dom.js';
import { feedback } from '../ui.js';
import { state } from '../page.js';
import { clearErrors } from '../field-errors.js';

const LIST_NAMES = ['prizes', 'activities', 'draws', 'riddles', 'candidates'];

/**
 * For power users: the five lists as one JSON object, read into the forms with "apply" (saved with the rest). Opened,
 * it shows the forms' current lists unless the admin has typed in it since.
 */
export function jsonDetails(lists, locked) {
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
