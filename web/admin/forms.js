// The campaign editor's lists as forms. One small helper, rowList, draws any list as rows (a fieldset per item, remove
// on each, add below); field and checks are its controls. Every control is bound to its item and named by the JSON
// path validation errors use (prizes[0].valueYuan), so the editor can put each problem next to it. Text typed or read
// from the API only ever becomes a value or a text node. The campaign's own lists are screens/campaign-lists.js.

import { t } from './i18n.js';
import { h, replace } from '../shared/dom.js';

/** The element id for a JSON path: activities[1].award.count → f-activities-1-award-count. */
export const fieldId = (path) => `f-${path.replace(/[^A-Za-z0-9]+/g, '-').replace(/-$/, '')}`;

export const errorList = (path, group = false) =>
  h('ul', { class: group ? 'field-errors section-errors' : 'field-errors', id: `${fieldId(path)}-errors` });

const setValue = (item, key, value) => {
  if (value === undefined) delete item[key];
  else item[key] = value;
};

const listOf = (text, separator) => {
  const values = text.split(separator).map((value) => value.trim()).filter(Boolean);
  return values.length > 0 ? values : undefined;
};

const READ = {
  text: (control) => control.value.trim() || undefined,
  number: (control) => (control.value === '' ? undefined : Number(control.value)),
  check: (control) => control.checked,
  lines: (control) => listOf(control.value, /\r?\n/),
  pipes: (control) => listOf(control.value, '|'),
};

/**
 * One labelled control bound to item[key], named by path. type: text, textarea, time, int, decimal, probability,
 * check, select (choices: [value, text] pairs), lines (a list, one per line) or pipes (a list, a|b).
 */
export function field(item, key, path, label, { type = 'text', choices = [], onInput, hint } = {}) {
  const id = fieldId(path);
  const value = item[key];
  const attrs = { id, name: path, 'data-path': path, 'aria-describedby': [`${id}-errors`, hint].filter(Boolean).join(' ') };
  let control;
  let read = READ.text;
  if (type === 'check') {
    control = h('input', { ...attrs, type: 'checkbox', checked: value === true });
    read = READ.check;
  } else if (['int', 'decimal', 'probability'].includes(type)) {
    control = h('input', { ...attrs, type: 'number', min: 0, max: type === 'probability' ? 1 : null,
      step: { int: 1, decimal: 0.01, probability: 'any' }[type], value: value ?? '' });
    read = READ.number;
  } else if (type === 'select') {
    // A value the choices do not know (a removed tier, a hand-edited definition) stays visible rather than lost.
    const known = choices.some(([choice]) => choice === (value ?? ''));
    control = h('select', attrs, [...choices, ...(known ? [] : [[value, t('rows.missing', { id: value })]])]
      .map(([choice, text]) => h('option', { value: choice, selected: choice === (value ?? '') }, text)));
  } else if (type === 'textarea' || type === 'lines') {
    control = h('textarea', { ...attrs, rows: Math.max(2, Math.min(8, (type === 'lines' ? value?.length ?? 0 : 0) + 1)) });
    control.value = type === 'lines' ? (value ?? []).join('\n') : value ?? '';
    if (type === 'lines') read = READ.lines;
  } else {
    control = h('input', { ...attrs, type: 'text', value: type === 'pipes' ? (value ?? []).join('|') : value ?? '',
      placeholder: type === 'time' ? '2027-03-01T08:00:00' : null, spellcheck: type === 'text' ? null : 'false' });
    if (type === 'pipes') read = READ.pipes;
  }
  control.addEventListener(type === 'check' || type === 'select' ? 'change' : 'input', () => {
    const next = read(control);
    setValue(item, key, next);
    onInput?.(next);
  });
  if (type === 'check') return h('div', { class: 'field check' }, h('label', {}, control, ' ', label), errorList(path));
  return h('div', { class: `field field-${type}` }, h('label', { for: id }, label), control, errorList(path));
}

/** Checkboxes for a list of ids (prize tiers, activities), in the order of the choices; an empty list is left out. */
export function checks(item, key, path, label, choices, { onInput, empty, hint } = {}) {
  const id = fieldId(path);
  const current = item[key] ?? [];
  const all = [...choices, ...current.filter((value) => !choices.some(([choice]) => choice === value))
    .map((value) => [value, t('rows.missing', { id: value })])]
    .filter(([value], index, list) => list.findIndex(([other]) => other === value) === index); // a tier id used twice
  const boxes = all.map(([value]) => h('input', { type: 'checkbox', id: `${id}--${value.replace(/[^A-Za-z0-9-]/g, '_')}`,
    value, checked: current.includes(value) }));
  const set = h('fieldset', { class: 'choices', id, 'data-path': path, 'aria-describedby': [`${id}-errors`, hint].filter(Boolean).join(' ') },
    h('legend', {}, label), errorList(path, true),
    all.length === 0 ? h('p', { class: 'muted small' }, empty) : all.map(([, text], index) => h('label', { class: 'choice' }, boxes[index], ' ', text)));
  set.addEventListener('change', () => {
    const picked = all.filter((choice, index) => boxes[index].checked).map(([value]) => value);
    setValue(item, key, picked.length > 0 ? picked : undefined);
    onInput?.();
  });
  return set;
}

const focusFirst = (element) =>
  element?.querySelector('input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled])')
    ?.focus();

/**
 * A list of rows bound to an array: a fieldset per item (title(item, index) its legend, fields(item, path, index)
 * its controls), a remove button on each, an add button below (create() makes the new item). The element returned
 * has redraw(), which keeps the keyboard focus; afterDraw(element) runs after every drawing, onChange(path) after an
 * add or a remove (before the rows are drawn again).
 */
export function rowList({ path, items, title, fields, create, addLabel, onChange, afterDraw, className = '' }) {
  const box = h('div', { class: `rows ${className}`, id: fieldId(path), 'data-path': path });
  const rowId = (index) => fieldId(`${path}[${index}]`);
  const draw = () => {
    const focused = box.contains(document.activeElement) ? document.activeElement.id : null;
    replace(box, errorList(path, true), items.map((item, index) => {
      const at = `${path}[${index}]`;
      const legend = h('legend', { id: `${rowId(index)}-legend` }, title(item, index));
      const row = h('fieldset', { class: 'row', id: rowId(index), 'data-path': at }, legend, errorList(at, true),
        h('div', { class: 'row-fields' }, fields(item, at, index)),
        // Order matters (the first prize tier is first prize): a row moves up one place at a time.
        index > 0 ? h('button', { type: 'button', class: 'move-up', id: `${rowId(index)}-up`,
          'aria-labelledby': `${rowId(index)}-up ${rowId(index)}-legend`, onclick: () => {
            [items[index - 1], items[index]] = [items[index], items[index - 1]];
            onChange?.(path);
            draw();
            const moved = box.querySelector(`#${rowId(index - 1)}-up`) ?? box.querySelector(`#${rowId(index - 1)}-remove`);
            moved?.focus();
          } }, t('rows.up')) : null,
        h('button', { type: 'button', class: 'remove', id: `${rowId(index)}-remove`,
          'aria-labelledby': `${rowId(index)}-remove ${rowId(index)}-legend`, onclick: () => {
            items.splice(index, 1);
            onChange?.(path);
            draw();
            focusFirst(box.querySelector(`#${rowId(index)}`) ?? box.querySelector(`#${rowId(index - 1)}`));
            if (!box.contains(document.activeElement)) box.lastElementChild.focus();
          } }, t('rows.remove')));
      const retitle = () => { legend.textContent = title(item, index); };
      row.addEventListener('input', retitle);
      row.addEventListener('change', retitle);
      return row;
    }));
    const addButton = h('button', { type: 'button', class: 'add', id: `${fieldId(path)}-add`, onclick: () => {
      items.push(create(items));
      onChange?.(path);
      draw();
      focusFirst(box.querySelector(`#${rowId(items.length - 1)}`));
    } }, addLabel);
    box.append(addButton);
    if (focused) document.getElementById(focused)?.focus({ preventScroll: true });
    afterDraw?.(box);
  };
  box.redraw = draw;
  draw();
  return box;
}

// ---- ids ------------------------------------------------------------------------------------------------------

/** An id from a title: lowercase a-z, 0-9 and - (empty when the title has none of them, as a Chinese one). */
export const slug = (text) => (text ?? '').normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')
  .slice(0, 48).replace(/-+$/, '');

/** An id from a title, else prefix-n; never one another item of the list has. */
function suggestId(text, items, item, prefix) {
  const base = slug(text);
  const taken = new Set(items.filter((other) => other !== item).map((other) => other.id));
  if (base && !taken.has(base)) return base;
  for (let n = base ? 2 : items.indexOf(item) + 1; ; n++) {
    const id = `${base || prefix}-${n}`;
    if (!taken.has(id)) return id;
  }
}

/** prefix1, prefix2, … : the first one from the list's length on that no item has. */
export function nextId(items, prefix) {
  for (let n = items.length + 1; ; n++) if (!items.some((item) => item.id === `${prefix}${n}`)) return `${prefix}${n}`;
}

// Items whose id was suggested, not typed: their id follows their title until the admin edits it.
const suggested = new WeakSet();

/**
 * The id field of a row and its title field (label titleLabel, bound to titleKey), the id suggested from the title
 * while empty or still suggested. onRename(old, new) lets references follow a changed id; onId() follows any change
 * of the id, onTitle() one of the title that left the id as it was.
 */
export function idAndTitle(item, at, items, { prefix, titleKey, titleLabel, onRename, onId, onTitle }) {
  let last = item.id;
  const changed = (next) => {
    if (last && next && last !== next) onRename?.(last, next);
    last = next;
    onId?.();
  };
  const idField = field(item, 'id', `${at}.id`, t('rows.id'), { onInput: (next) => { suggested.delete(item); changed(next); } });
  const idControl = idField.querySelector('input');
  const titleField = field(item, titleKey, `${at}.${titleKey}`, titleLabel, { onInput: (text) => {
    const next = !item.id || suggested.has(item) ? suggestId(text, items, item, prefix) : item.id;
    if (next !== item.id) {
      item.id = next;
      idControl.value = next;
      suggested.add(item);
      changed(next);
    } else onTitle?.();
  } });
  return [idField, titleField];
}
