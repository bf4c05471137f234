// The problems of a save or a publish, each shown next to the field, row or list its JSON path names (the paths
// forms.js gives its controls), in the admin's language; kept in state.errors so a language switch shows them again.

import { h } from '../shared/dom.js';
import { errorText } from './validation.js';
import { app, state } from './page.js';

/** Forgets every problem and takes every marker off the page. */
export function clearErrors() {
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
export function paintErrors(errors, root = app) {
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
export function showErrors(errors, { quiet = false } = {}) {
  state.errors = { ...state.errors, ...errors };
  const targets = paintErrors(errors);
  if (quiet || targets.length === 0) return;
  const first = targets.reduce((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_PRECEDING ? b : a));
  first.scrollIntoView({ block: 'center' });
  const control = isControl(first) ? first
    : first.querySelector('input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled])');
  control?.focus({ preventScroll: true });
}
