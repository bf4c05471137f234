// A draw's seal and witnesses in the draws card: the sealed entry set (digest, count, time), the reveal deadline,
// whom the draw waits for, and each witness's state (waiting, revealed with its time, excused with who, when and why).
// After the deadline a waiting witness of a sealed draw can be excused, with a reason; a refusal shows next to it.

import { t } from '../i18n.js';
import { h } from '../../shared/dom.js';
import { api } from '../api.js';
import { handle, feedback, problemText, formatTime, formatNumber, label } from '../ui.js';
import { can } from '../session.js';

/** The names of the witnesses a sealed draw still waits for, in listed order. */
export const waitingNames = (draw) => (draw.waitingFor ?? [])
  .map((id) => (draw.witnesses ?? []).find((w) => w.id === id)?.name ?? id);

const mayExcuse = (draw, witness) => can('draw-operator') && draw.state === 'sealed' && witness.state === 'waiting'
  && draw.revealBy != null && Date.now() > Date.parse(draw.revealBy);

// Reasons being typed, by draw and witness: a redraw of the card (a poll, a refresh) keeps the form and its text.
const reasons = new Map();
const keyOf = (draw, witness) => `${draw.drawId}/${witness.id}`;

function excuseForm(campaignId, draw, witness, refresh) {
  const key = keyOf(draw, witness);
  const base = `excuse-${draw.drawId}-${witness.id}`.replace(/[^A-Za-z0-9-]/g, '_');
  const note = h('p', { id: `${base}-feedback`, role: 'status', tabindex: -1 });
  const reason = h('textarea', { id: `${base}-reason`, rows: 2, maxlength: 500, required: true,
    oninput: () => reasons.set(key, reason.value) });
  reason.value = reasons.get(key);
  return h('form', { class: 'excuse', 'data-excuse-form': witness.id, onsubmit: async (event) => {
    event.preventDefault();
    try {
      await api.excuseWitness(campaignId, draw.drawId, witness.id, reason.value.trim());
      reasons.delete(key);
      await refresh(t('witness.excused', { name: witness.name }));
    } catch (error) {
      handle(error, note);
      // A refused reason (empty, too long) is a field error; this form has one field, so it is said here.
      const reasonErrors = Object.values(error.problem?.errors ?? {}).flat();
      if (reasonErrors.length > 0) feedback(note, false, `${problemText(error)} ${reasonErrors.join(' ')}`);
      note.focus();
    }
  } },
  h('label', { for: reason.id }, t('witness.reason', { name: witness.name })), reason,
  h('div', { class: 'row' },
    h('button', { type: 'submit', id: `${base}-confirm` }, t('witness.confirmExcuse')),
    h('button', { type: 'button', class: 'link', onclick: () => { reasons.delete(key); refresh(); } }, t('witness.cancel'))),
  note);
}

function witnessRow(campaignId, draw, witness, refresh) {
  const details = {
    waiting: () => (draw.revealBy && draw.state !== 'drawn' ? t('witness.excusableAfter', { time: formatTime(draw.revealBy) }) : ''),
    revealed: () => t('witness.revealedAt', { time: formatTime(witness.revealedAt) }),
    excused: () => t('witness.excusedBy', { who: witness.excusedBy ?? '', time: formatTime(witness.excusedAt), reason: witness.excuseReason ?? '' }),
  }[witness.state]?.() ?? '';
  let action = null;
  if (!mayExcuse(draw, witness)) reasons.delete(keyOf(draw, witness)); // revealed or excused meanwhile: nothing to type
  else if (reasons.has(keyOf(draw, witness))) action = excuseForm(campaignId, draw, witness, refresh);
  else if (mayExcuse(draw, witness)) {
    // The form opens in place, on what the card shows: a witness who revealed meanwhile is the server's to refuse.
    action = h('button', { type: 'button', 'data-excuse': witness.id, onclick: (event) => {
      reasons.set(keyOf(draw, witness), '');
      const form = excuseForm(campaignId, draw, witness, refresh);
      event.currentTarget.replaceWith(form);
      form.querySelector('textarea').focus();
    } }, t('witness.excuse'));
  }
  return h('tr', { 'data-witness': witness.id, 'data-state': witness.state },
    h('td', {}, witness.name, ' ', h('code', { class: 'small' }, witness.id)),
    h('td', {}, h('code', { class: 'small' }, witness.commitment)),
    h('td', { class: 'nowrap', 'data-testid': `witness-state-${draw.drawId}-${witness.id}` }, label('witnessState', witness.state)),
    h('td', {}, details),
    h('td', { class: 'actions' }, action));
}

/**
 * The seal and witnesses of one draw; refresh(message?) reloads the card (and shows message as done). Null for a
 * draw with neither a seal yet nor witnesses: the table row says all there is.
 */
export function drawSeal(campaignId, draw, refresh) {
  const witnesses = draw.witnesses ?? [];
  if (!draw.entrySetDigest && witnesses.length === 0) return null;
  const item = (key, value, testId) => [h('dt', {}, t(key)), h('dd', { 'data-testid': testId }, value)];
  const waiting = waitingNames(draw);
  return h('section', { class: 'draw-seal', 'data-seal-of': draw.drawId },
    h('h3', {}, t('seal.of', { id: draw.drawName || draw.drawId })),
    h('dl', { class: 'proof' },
      draw.entrySetDigest
        ? [item('seal.sealedAt', formatTime(draw.sealedAt), `sealed-at-${draw.drawId}`),
          item('seal.count', formatNumber(draw.entryCount), `sealed-count-${draw.drawId}`),
          item('seal.digest', h('code', {}, draw.entrySetDigest), `sealed-digest-${draw.drawId}`)]
        : item('seal.sealedAt', t('seal.atCutoff'), `sealed-at-${draw.drawId}`),
      witnesses.length > 0 ? item('seal.revealBy', formatTime(draw.revealBy), `reveal-by-${draw.drawId}`) : null,
      waiting.length > 0 ? item('seal.waitingFor', waiting.join('、'), `waiting-for-${draw.drawId}`) : null,
      draw.drawSeed ? item('seal.drawSeed', h('code', {}, draw.drawSeed), `draw-seed-${draw.drawId}`) : null),
    witnesses.length > 0 ? h('table', { class: 'witnesses', 'data-witnesses-of': draw.drawId },
      h('caption', {}, t('witness.caption', { id: draw.drawId })),
      h('thead', {}, h('tr', {}, ['witness.name', 'witness.commitment', 'witness.state', 'witness.details', 'draws.actions']
        .map((key) => h('th', { scope: 'col' }, t(key))))),
      h('tbody', {}, witnesses.map((witness) => witnessRow(campaignId, draw, witness, refresh)))) : null);
}

/** The state cell's note for a sealed draw that waits: "waiting for: 西安市公证处". */
export function waitingNote(draw) {
  const waiting = waitingNames(draw);
  return waiting.length > 0
    ? h('div', { class: 'small waiting-note', 'data-testid': `draw-waiting-${draw.drawId}` }, t('seal.waitingNote', { names: waiting.join('、') }))
    : null;
}
