// Exports with personal data ask why first: the reason (3–200 characters) goes with the request and into the record
// the auditor reads. The form opens below the button that asked, and downloads once a reason is given.

import { t } from '../i18n.js';
import { h } from '../../shared/dom.js';
import { feedback, handle, downloadText } from '../ui.js';

const MIN = 3;
const MAX = 200;

/**
 * Opens the reason form in place (replacing one already open there); fetch(reason) returns the CSV text, saved as
 * fileName.
 */
export function askReason(place, { fileName, fetch }) {
  place.querySelector('.export-reason')?.remove();
  const input = h('input', { id: 'export-reason', type: 'text', maxlength: MAX, autocomplete: 'off' });
  const note = h('p', { id: 'export-reason-feedback', role: 'status' });
  // Checked here rather than by the browser, so the message is the console's, in its language.
  const form = h('form', { class: 'export-reason', novalidate: true },
    h('label', { for: 'export-reason' }, t('export.reason', { min: MIN, max: MAX })),
    input,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary', id: 'export-confirm' }, t('export.download')),
      h('button', { type: 'button', id: 'export-cancel', onclick: () => form.remove() }, t('export.cancel'))),
    note);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const reason = input.value.trim();
    if (reason.length < MIN || reason.length > MAX) {
      feedback(note, false, t('export.reasonLength', { min: MIN, max: MAX }));
      input.focus();
      return;
    }
    try {
      downloadText(await fetch(reason), fileName);
      form.remove();
    } catch (error) {
      handle(error, note);
    }
  });
  place.append(form);
  input.focus();
}
