// Messages waiting for moderation, each approved or rejected here.

import { t } from '../i18n.js';
import { h, replace } from '../../shared/dom.js';
import { api } from '../api.js';
import { feedback, handle, formatTime } from '../ui.js';
import { can } from '../session.js';

export async function renderModeration(box, campaignId) {
  const note = h('p', { id: 'moderation-feedback', role: 'status' });
  const body = h('div', {}, h('p', { class: 'muted' }, t('loading')));
  replace(box, h('h2', {}, t('section.moderation')), body, note);
  let messages;
  try {
    messages = (await api.pending(campaignId)).data ?? [];
  } catch (error) {
    handle(error, note);
    body.replaceChildren();
    return;
  }
  if (messages.length === 0) {
    replace(body, h('p', { class: 'muted', 'data-testid': 'no-pending' }, t('moderation.none')));
    return;
  }
  const verdict = (message, action, done) => async () => {
    try {
      await api.moderate(campaignId, message.activityId, message.entrantId, action);
      await renderModeration(box, campaignId);
      feedback(box.querySelector('#moderation-feedback'), true, t(done, { id: message.entrantId }));
    } catch (error) {
      handle(error, note);
    }
  };
  replace(body, h('ul', { class: 'plain', id: 'pending' }, messages.map((message) =>
    h('li', { class: 'message', 'data-message': `${message.activityId}/${message.entrantId}` },
      h('p', { class: 'muted small' }, t('moderation.meta',
        { activity: message.activityId, entrant: message.entrantId, time: formatTime(message.at) })),
      h('p', { class: 'message-text' }, message.text),
      can('moderator') && h('div', { class: 'actions' },
        h('button', { type: 'button', 'data-approve': message.entrantId,
          onclick: verdict(message, 'approve', 'moderation.approved') }, t('moderation.approve')),
        h('button', { type: 'button', 'data-reject': message.entrantId,
          onclick: verdict(message, 'reject', 'moderation.rejected') }, t('moderation.reject')))))));
}
