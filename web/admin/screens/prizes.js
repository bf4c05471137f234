// Prizes after publishing: voucher codes per voucher tier (upload a file or paste, see the counts; no code is ever
// shown) and every award with its claim state and passes to alternates, exported as CSV for fulfilment.

import { t } from '../i18n.js';
import { h, replace } from '../../shared/dom.js';
import { api } from '../api.js';
import { handle, feedback, formatTime, formatNumber, redraw, label } from '../ui.js';
import { can } from '../session.js';
import { askReason } from './export-reason.js';

/** The server's limit for one upload (VoucherFunctions.LimitBytes); checked here so a huge file is not sent at all. */
const VOUCHER_UPLOAD_LIMIT = 4 * 1024 * 1024;

function voucherCounts(summary) {
  return t('vouchers.counts', { total: formatNumber(summary.total), issued: formatNumber(summary.issued),
    available: formatNumber(summary.available), needed: formatNumber(summary.prizeCount) });
}

function voucherTier(campaignId, prize) {
  const base = `vouchers-${prize.id}`;
  const counts = h('p', { class: 'muted small', id: `${base}-counts`, 'data-testid': `voucher-counts-${prize.id}` }, t('loading'));
  const note = h('p', { id: `${base}-feedback`, role: 'status' });
  const file = h('input', { type: 'file', id: `${base}-file`, accept: '.csv,.txt,text/csv,text/plain' });
  const paste = h('textarea', { id: `${base}-paste`, rows: 3, class: 'code', spellcheck: 'false', placeholder: 'CODE-0001' });

  async function showCounts() {
    try {
      counts.textContent = voucherCounts((await api.vouchers(campaignId, prize.id)).data);
    } catch (error) {
      handle(error, note);
    }
  }

  async function upload() {
    const chosen = file.files?.[0];
    if (chosen && chosen.size > VOUCHER_UPLOAD_LIMIT) {
      feedback(note, false, t('vouchers.tooLarge'));
      return;
    }
    const text = chosen ? await chosen.text() : paste.value;
    if (text.trim() === '') {
      feedback(note, false, t('vouchers.empty'));
      return;
    }
    try {
      const { data } = await api.uploadVouchers(campaignId, prize.id, text);
      feedback(note, true, t('vouchers.uploaded', { added: formatNumber(data.added),
        duplicates: formatNumber(data.received - data.added), total: formatNumber(data.totalForPrize) }));
      file.value = '';
      paste.value = '';
      await showCounts();
    } catch (error) {
      handle(error, note);
      // A bad upload names its bad lines (never the codes): show them with the message.
      const errors = error.problem?.errors;
      if (errors) note.textContent += ` ${Object.entries(errors).map(([at, m]) => `${at}: ${[m].flat().join(' ')}`).join('; ')}`;
    }
  }

  showCounts();
  return h('fieldset', { class: 'tier', 'data-voucher-prize': prize.id },
    h('legend', {}, prize.name ?? prize.id, ' ', h('code', { class: 'small' }, prize.id)),
    counts,
    can('fulfilment') ? [
      h('label', { for: file.id }, t('vouchers.file')), file,
      h('label', { for: paste.id }, t('vouchers.paste')), paste,
      h('button', { type: 'button', id: `${base}-upload`, onclick: upload }, t('vouchers.upload')),
    ] : null,
    note);
}

/** The voucher card: one upload box per prize tier of kind voucher; nothing when the campaign has none. */
export function renderVouchers(box, view) {
  const tiers = (view.prizes ?? []).filter((prize) => prize.kind === 'voucher');
  if (tiers.length === 0) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  replace(box, h('h2', {}, t('section.vouchers')), h('p', { class: 'muted small' }, t('vouchers.intro')),
    tiers.map((prize) => voucherTier(view.definition.id, prize)));
}

/**
 * The awards card: every award with its tier, masked winner, mode, claim state and deadline, and where a prize passed
 * from or to. Returns the function that reloads its table (the header, and the focus in it, stay).
 */
export function renderAwards(box, view) {
  const campaignId = view.definition.id;
  const prizeNames = new Map((view.prizes ?? []).map((prize) => [prize.id, prize.name ?? prize.id]));
  const note = h('p', { id: 'awards-feedback', role: 'status' });
  const body = h('div', {}, h('p', { class: 'muted' }, t('loading')));
  const reasonPlace = h('div', { id: 'awards-export' });

  async function refresh() {
    let awards;
    try {
      awards = (await api.awards(campaignId)).data ?? [];
    } catch (error) {
      handle(error, note);
      return;
    }
    const rankOf = new Map(awards.map((award) => [award.awardId, award.rank ?? award.unit]));
    redraw(body, awards.length === 0 ? h('p', { class: 'muted', 'data-testid': 'no-awards' }, t('awards.none')) : h('table', { id: 'awards' },
      h('thead', {}, h('tr', {}, ['awards.tier', 'awards.winner', 'awards.mode', 'awards.state', 'awards.deadline', 'awards.passes']
        .map((key) => h('th', { scope: 'col' }, t(key))))),
      h('tbody', {}, awards.map((award) => h('tr', { 'data-award': award.awardId, 'data-status': award.status },
        h('td', { class: 'nowrap' }, prizeNames.get(award.prizeId) ?? award.prizeId, award.rank ? h('span', { class: 'muted small' }, ` #${award.rank}`) : null,
          award.drawId ? h('span', { class: 'muted small' }, ` · ${award.drawName || award.drawId}`) : null),
        h('td', {}, h('code', {}, award.pseudonym), award.contact ? h('span', { class: 'contact' }, `${award.contact.name} ${award.contact.phone}`) : ''),
        h('td', {}, label('mode', award.mode)),
        h('td', {}, h('span', { class: `badge award-${award.status}` }, label('award', award.status))),
        h('td', {}, formatTime(award.claimDeadline)),
        h('td', {},
          award.passedFrom ? t('awards.passedFrom', { rank: rankOf.get(award.passedFrom) ?? award.passedFrom }) : '',
          award.passedTo ? t('awards.passedTo', { rank: rankOf.get(award.passedTo) ?? award.passedTo }) : ''))))));
  }

  replace(box, h('div', { class: 'side-head' }, h('h2', {}, t('section.awards')),
    h('span', { class: 'actions' },
      h('button', { type: 'button', class: 'link', id: 'awards-refresh', onclick: refresh }, t('awards.refresh')),
      can('fulfilment') ? h('button', { type: 'button', class: 'link', id: 'awards-csv', onclick: () => askReason(reasonPlace, {
        fileName: `${campaignId}-awards.csv`, fetch: async (reason) => (await api.awardsCsv(campaignId, reason)).data,
      }) }, t('awards.csv')) : null)),
  reasonPlace, body, note);
  refresh();
  return refresh;
}
