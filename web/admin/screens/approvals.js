// Four eyes: what waits for a second person (a publish, a draw run by hand), with Approve for someone else who holds
// the action's role (never the person who asked) and Cancel; decided ones below, newest first.

import { t } from '../i18n.js';
import { h, replace } from '../../shared/dom.js';
import { api } from '../api.js';
import { me, can } from '../session.js';
import { handle, feedback, formatTime, label } from '../ui.js';

/** The role that may approve an action (the one its direct call needs). */
const ROLE_OF = { publish: 'publisher', 'run-draw': 'draw-operator' };

/** What an approval asks for, in words: "发布活动", "开奖：元宵节抽奖". */
function what(approval, drawNames) {
  const action = label('approval.action', approval.action);
  if (!approval.drawId) return action;
  return `${action}：${drawNames.get(approval.drawId) || approval.drawId}`;
}

function row(campaignId, approval, drawNames, decide) {
  const pending = approval.status === 'pending';
  const mine = approval.requestedBy?.id === me.current?.id;
  const mayDecide = can(ROLE_OF[approval.action] ?? '');
  return h('tr', { 'data-approval': approval.id, 'data-status': approval.status },
    h('td', {}, what(approval, drawNames)),
    h('td', {}, approval.requestedBy?.name ?? '', h('br'), h('span', { class: 'muted small' }, formatTime(approval.requestedAt))),
    h('td', {}, label('approval.status', approval.status),
      approval.decidedBy ? [h('br'), h('span', { class: 'muted small' }, `${approval.decidedBy.name} ${formatTime(approval.decidedAt)}`)] : null),
    h('td', { class: 'actions' }, pending && mayDecide ? [
      h('button', { type: 'button', class: 'primary', 'data-approve': approval.id, disabled: mine,
        title: mine ? t('approvals.notYourOwn') : null, onclick: () => decide(approval, 'approve') }, t('approvals.approve')),
      h('button', { type: 'button', 'data-cancel': approval.id, onclick: () => decide(approval, 'cancel') }, t('approvals.cancel')),
      mine ? h('p', { class: 'muted small' }, t('approvals.notYourOwn')) : null,
    ] : null));
}

/** The approvals card; onDecided() is called after an approval (the campaign or a draw has changed). */
export async function renderApprovals(box, campaignId, { drawNames = new Map(), onDecided = () => {} } = {}) {
  const note = h('p', { id: 'approvals-feedback', role: 'status' });
  const body = h('div', {}, h('p', { class: 'muted' }, t('loading')));
  replace(box, h('h2', {}, t('section.approvals')), body, note);

  async function decide(approval, decision) {
    try {
      await api.decide(campaignId, approval.id, decision);
      feedback(note, true, t(decision === 'approve' ? 'approvals.approved' : 'approvals.cancelled'));
      if (decision === 'approve') onDecided();
      else await refresh();
    } catch (error) {
      handle(error, note);
      await refresh();
    }
  }

  async function refresh() {
    let items;
    try {
      items = (await api.approvals(campaignId)).data?.items ?? [];
    } catch (error) {
      handle(error, note);
      body.replaceChildren();
      return;
    }
    replace(body, items.length === 0 ? h('p', { class: 'muted' }, t('approvals.none')) : h('table', { id: 'approvals' },
      h('thead', {}, h('tr', {}, ['approvals.what', 'approvals.requestedBy', 'approvals.status', 'approvals.actions']
        .map((key) => h('th', { scope: 'col' }, t(key))))),
      h('tbody', {}, items.map((approval) => row(campaignId, approval, drawNames, decide)))));
  }

  await refresh();
}
