// A draw's seal and witnesses on the rules tab: the sealed entry set's digest and count with the time it was fixed,
// and, for a draw with witnesses, who they are and what they guarantee (docs/FAIRNESS.md's plain words) and each
// one's state. The campaign's own answer carries these; an API that does not yet answer them there is asked for the
// draw's public proof instead, which carries the same fields.

import { t } from '../i18n.js';
import { h, replace } from '../../shared/dom.js';
import { api } from '../api.js';
import { formatTime, zoneNote } from '../ui.js';

const stateText = (prefix, state) => {
  const key = `${prefix}.${state}`;
  const text = t(key);
  return text === key ? state : text;
};

function witnessLine(witness, zone) {
  const when = witness.revealedAt ?? witness.excusedAt;
  return h('li', { 'data-witness': witness.id, 'data-state': witness.state },
    h('strong', {}, witness.name), ` · ${stateText('witnessState', witness.state)}`,
    when ? ` · ${formatTime(when, zone)}` : '');
}

function render(box, draw, zone) {
  const parts = [h('p', { 'data-testid': `draw-state-${draw.id}` }, t('trust.state', { state: stateText('drawState', draw.state) }))];
  if (draw.entrySetDigest) {
    parts.push(h('p', { class: 'small', 'data-testid': `sealed-${draw.id}` },
      t('trust.sealed', { time: formatTime(draw.sealedAt, zone) + zoneNote(zone), count: draw.entryCount ?? 0 }), ' ',
      h('code', {}, draw.entrySetDigest)));
  } else if (draw.state === 'scheduled' || draw.state === 'sealing') {
    parts.push(h('p', { class: 'small muted' }, t('trust.sealsAtCutoff')));
  }
  const witnesses = draw.witnesses ?? [];
  if (witnesses.length > 0) {
    const waiting = draw.state === 'sealed' ? witnesses.filter((w) => w.state === 'waiting') : [];
    parts.push(h('h3', {}, t('trust.witnesses')),
      h('p', { class: 'small' }, t('trust.whoWitnesses')),
      h('p', { class: 'small' }, t('trust.guarantee')),
      draw.revealBy ? h('p', { class: 'small' }, t('trust.excuse', { time: formatTime(draw.revealBy, zone) + zoneNote(zone) })) : null,
      h('ul', { class: 'witnesses', 'data-testid': `witnesses-${draw.id}` }, witnesses.map((w) => witnessLine(w, zone))),
      waiting.length > 0
        ? h('p', { class: 'notice', 'data-testid': `waiting-${draw.id}` }, t('trust.waitingFor', { names: waiting.map((w) => w.name).join('、') }))
        : null);
  }
  replace(box, parts);
}

/** The seal and witnesses block of one draw of the campaign (filled in once the proof is read, if it must be). */
export function drawTrust(campaign, draw) {
  const box = h('div', { class: 'draw-trust', 'data-testid': `draw-trust-${draw.id}` });
  const zone = campaign.timeZone;
  if (draw.state) render(box, draw, zone);
  else {
    api.proof(campaign.id, draw.id)
      .then((proof) => render(box, { ...proof, id: draw.id }, zone))
      .catch(() => {}); // the rules read as before: the proof link is the place to look then
  }
  return box;
}
