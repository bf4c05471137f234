// Riddles from CSV, in the editor's riddles section: pasted or read from a file into the same box, then turned
// into rows of the riddles list (which the admin then sees and can still edit).

import { t } from '../i18n.js';
import { h } from '../../shared/dom.js';
import { feedback } from '../ui.js';
import { state } from '../page.js';

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

/** The CSV box, file picker and convert button under the riddles list (lists: campaignLists' editors). */
export function riddlesCsv(lists) {
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
  return [h('details', { class: 'csv' }, h('summary', {}, t('field.riddlesCsvOpen')),
    h('div', { class: 'field' }, h('label', { for: 'riddles-csv' }, t('field.riddlesCsv')), csv),
    h('div', { class: 'field' }, h('label', { for: 'riddles-csv-file' }, t('field.riddlesCsvFile')), file),
    h('button', { type: 'button', id: 'riddles-csv-convert', onclick: convert }, t('field.riddlesCsvConvert'))), note];
}
