// The "Mine" tab: what the entrant has done in each activity, where they stand in its draw, their draws and
// prizes, and the claim form of a prize that needs an address.

import { t } from '../i18n.js';
import { h, append } from '../../shared/dom.js';
import { api, token } from '../api.js';
import { showError, formatTime, zoneNote, prizeStatus } from '../ui.js';

function renderClaimForm(campaign, prize, rerender) {
  const feedback = h('p', { class: 'feedback', role: 'status' });
  const field = (name, type, autocomplete) => {
    const id = `claim-${prize.awardId}-${name}`;
    const input = name === 'address'
      ? h('textarea', { id, name, rows: 3, required: true, maxlength: 200, autocomplete })
      : h('input', { id, name, type, required: true, maxlength: name === 'phone' ? 20 : 50, autocomplete });
    return [h('label', { for: id }, t(`claim.${name}`)), input];
  };
  const [nameLabel, name] = field('name', 'text', 'name');
  const [phoneLabel, phone] = field('phone', 'tel', 'tel');
  const [addressLabel, address] = field('address', 'text', 'street-address');
  const submit = h('button', { type: 'submit' }, t('claim.submit'));
  const decline = h('button', {
    type: 'button',
    class: 'link',
    onclick: async () => {
      if (!window.confirm(t('claim.declineConfirm'))) return;
      try {
        await api.decline(campaign.id);
        await rerender();
      } catch (error) {
        showError(feedback, error);
      }
    },
  }, t('claim.decline'));
  return h('form', {
    class: 'claim',
    onsubmit: async (event) => {
      event.preventDefault();
      submit.disabled = true;
      try {
        await api.claim(campaign.id, { name: name.value.trim(), phone: phone.value.trim(), address: address.value.trim() });
        await rerender();
      } catch (error) {
        showError(feedback, error);
        submit.disabled = false;
      }
    },
  }, h('h4', {}, t('claim.title')), nameLabel, name, phoneLabel, phone, addressLabel, address,
  h('div', { class: 'row spread' }, submit, decline), feedback);
}

/**
 * Where the entrant stands in an activity's draw, in the page's language. The API's draw.note says the same in
 * English only, so the reason is worked out again here from the entry itself.
 */
function drawChance(activity, definition) {
  // A message still awaiting moderation counts (a backlog must not cost anyone their chance) unless rejected by the cutoff.
  if (activity.draw.eligible) return t(activity.message?.status === 'pending' ? 'mine.eligiblePending' : 'mine.eligible', { n: activity.draw.tickets });
  if (activity.riddles && definition?.minCorrect) {
    const correct = activity.riddles.filter((r) => r.correct).length;
    return t('mine.notEligibleRiddles', { n: Math.max(0, definition.minCorrect - correct) });
  }
  const status = activity.message?.status ?? activity.signup?.status;
  if (status === 'pending' || status === 'rejected') return t(`mine.notEligible.${status}`);
  return t('mine.notEligible');
}

/** The tab; rerender() draws it again after a claim or a decline. */
export async function renderMine(body, campaign, { rerender }) {
  if (!token()) {
    append(body, h('p', { class: 'notice' }, t('mine.signInFirst')));
    return;
  }
  let mine;
  try {
    mine = await api.mine(campaign.id);
  } catch (error) {
    const line = h('p');
    showError(line, error);
    append(body, line);
    return;
  }
  const zone = campaign.timeZone;
  const names = new Map((campaign.candidates ?? []).map((c) => [c.id, c.name]));
  const titles = new Map(campaign.activities.map((a) => [a.id, a]));
  const kinds = new Map((campaign.prizes ?? []).map((p) => [p.id, p.kind]));
  append(body, h('h2', {}, t('mine.title')));
  if (mine.salt) {
    append(body, h('p', { class: 'small', 'data-testid': 'mine-salt' }, t('mine.salt'), ' ', h('code', { class: 'salt' }, mine.salt)));
  }
  // After the campaign's retention period: what is left is the pseudonym and the entries' weights (what the draw's
  // proof needs); the page says so rather than showing empty messages and sign-ups.
  if (mine.personalDataDeleted) append(body, h('p', { class: 'notice', 'data-testid': 'mine-data-deleted' }, t('mine.dataDeleted')));
  const entered = mine.activities.filter((a) => a.entered);
  if (!entered.length) append(body, h('p', { 'data-testid': 'mine-nothing' }, t('mine.nothing')));
  for (const activity of entered) {
    const definition = titles.get(activity.activityId);
    const card = h('section', { class: 'card mine-activity', 'data-activity': activity.activityId },
      h('h3', {}, definition?.title ?? activity.activityId));
    if (activity.riddles) {
      const correct = activity.riddles.filter((r) => r.correct).length;
      const attempts = activity.riddles.reduce((sum, r) => sum + r.attempts, 0);
      append(card, h('p', { 'data-testid': 'mine-riddles' }, t('mine.riddles', { correct, attempts })));
    }
    if (activity.likes) {
      append(card, h('h4', {}, t('mine.likes')), h('ul', {}, activity.likes.map((like) =>
        h('li', {}, t('mine.likeLine', { day: like.day, name: names.get(like.candidateId) ?? like.candidateId })))));
    }
    if (activity.message) {
      append(card, h('h4', {}, t('mine.message')),
        h('blockquote', { class: 'message', 'data-testid': 'mine-message' }, activity.message.text),
        h('p', { class: 'small' }, t(`mine.messageStatus.${activity.message.status}`)));
    }
    if (activity.signup) {
      append(card, h('p', {}, t('signup.confirmed', { seat: activity.signup.seat, seats: definition?.seats ?? '' })),
        h('ul', {}, (definition?.fields ?? []).map((f) => h('li', {}, `${f.label}：`, activity.signup.fields?.[f.id] ?? ''))));
    }
    if (activity.checkins) {
      append(card, h('p', {}, t('mine.checkinTotal', { n: activity.total ?? 0, unit: definition?.unit ?? '' })),
        h('ul', {}, activity.checkins.map((c) => h('li', {}, `${c.day}: ${c.value} ${definition?.unit ?? ''}`))));
    }
    if (activity.draw) append(card, h('h4', {}, t('mine.chances')), h('p', { 'data-testid': 'mine-chances' }, drawChance(activity, definition)));
    append(body, card);
  }
  if (mine.draws?.length) {
    append(body, h('h3', {}, t('mine.draws')), h('ul', {}, mine.draws.map((draw) => {
      const key = `drawState.${draw.state}`;
      const state = t(key);
      return h('li', {}, t('mine.drawState', { id: draw.drawName || draw.drawId, state: state === key ? draw.state : state }));
    })));
  }
  append(body, h('h3', {}, t('mine.prizes')));
  if (!mine.prizes?.length) append(body, h('p', {}, t('mine.noPrizes')));
  else {
    append(body, h('ul', { class: 'plain', 'data-testid': 'mine-prizes' }, mine.prizes.map((prize) => h('li', { class: 'card prize' },
      h('strong', {}, prize.prizeName),
      h('p', { class: 'small' }, t('mine.prizeStatus', { status: prizeStatus(prize.status) })),
      prize.voucherCode ? h('p', {}, `${t('mine.voucher')}: `, h('code', { class: 'voucher' }, prize.voucherCode)) : null,
      prize.claimDeadline && prize.status === 'awarded' && ['physical', 'service'].includes(kinds.get(prize.prizeId))
        ? [h('p', { class: 'small' }, t('mine.claimBy', { time: formatTime(prize.claimDeadline, zone) + zoneNote(zone) })),
          renderClaimForm(campaign, prize, rerender)]
        : null))));
  }
}
