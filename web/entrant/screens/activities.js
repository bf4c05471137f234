// The campaign tab: each activity with what the entrant can do there (riddles and likes here, the forms in
// activity-forms.js), showing what they have already done.

import { t } from '../i18n.js';
import { h, append, replace } from '../../shared/dom.js';
import { api, token } from '../api.js';
import { showError, showOk, every } from '../ui.js';
import { renderMessageForm, renderSignupForm, renderCheckinForm } from './activity-forms.js';

async function loadMine(campaignId) {
  if (!token()) return null;
  try {
    return await api.mine(campaignId);
  } catch {
    return null;
  }
}

export async function renderActivities(body, campaign) {
  const mine = await loadMine(campaign.id);
  if (!token()) append(body, h('p', { class: 'notice' }, t('signIn.needed')));
  for (const activity of campaign.activities) {
    const section = h('section', { class: 'activity', 'data-activity': activity.id, 'data-kind': activity.kind },
      h('h2', {}, activity.title), h('p', { class: 'muted' }, activity.description));
    append(body, section);
    const myActivity = mine?.activities?.find((a) => a.activityId === activity.id);
    if (activity.kind === 'riddle') renderRiddles(section, campaign, activity, myActivity);
    else if (activity.kind === 'like') await renderLikes(section, campaign, activity);
    else if (activity.kind === 'message' || activity.kind === 'reflection') renderMessageForm(section, campaign, activity, myActivity);
    else if (activity.kind === 'signup') renderSignupForm(section, campaign, activity, myActivity);
    else if (activity.kind === 'checkin') {
      renderCheckinForm(section, campaign, activity);
      await renderLeaderboard(section, campaign, activity);
    }
  }
}

function renderRiddles(section, campaign, activity, myActivity) {
  const state = new Map((myActivity?.riddles ?? []).map((r) => [r.riddleId, r]));
  const needed = activity.minCorrect ?? 0;
  let correctSoFar = [...state.values()].filter((r) => r.correct).length;
  const progress = h('p', { class: 'progress', 'data-testid': 'riddle-progress' }, t('riddle.progress', { correct: correctSoFar, needed }));
  const cards = campaign.riddles.filter((r) => r.activityId === activity.id).map((riddle) => {
    const mineNow = state.get(riddle.id);
    const inputId = `answer-${riddle.id}`;
    const questionId = `question-${riddle.id}`;
    // The label only says "answer": the question itself is read out with the box.
    const input = h('input', { id: inputId, name: 'answer', autocomplete: 'off', maxlength: 64, required: true, 'aria-describedby': questionId });
    const button = h('button', { type: 'submit' }, t('riddle.submit'));
    const feedback = h('p', { class: 'feedback', role: 'status' });
    const close = (text, good) => {
      input.disabled = true;
      button.disabled = true;
      if (text) (good ? showOk(feedback, text) : showError(feedback, { message: text }));
    };
    if (mineNow?.correct) close(t('riddle.solved'), true);
    else if (mineNow && mineNow.attemptsLeft === 0) close(t('riddle.noMore'), false);
    const form = h('form', {
      class: 'answer',
      onsubmit: async (event) => {
        event.preventDefault();
        const answer = input.value.trim();
        if (!answer) return;
        button.disabled = true;
        try {
          const result = await api.answer(campaign.id, riddle.id, answer);
          const left = t('riddle.attemptsLeft', { n: result.attemptsLeft });
          if (result.correct) {
            close(null);
            showOk(feedback, t('riddle.right'));
          } else {
            showError(feedback, { message: `${t('riddle.wrong')} ${left}` });
            if (result.attemptsLeft === 0) close(null);
            else button.disabled = false;
          }
          if (typeof result.correctSoFar === 'number') correctSoFar = result.correctSoFar;
          progress.textContent = t('riddle.progress', { correct: correctSoFar, needed: result.correctNeeded ?? needed });
        } catch (error) {
          showError(feedback, error);
          if (error.kind === 'attempts-exhausted') close(null);
          else button.disabled = false;
        }
      },
    }, h('label', { for: inputId }, t('riddle.answer')), h('div', { class: 'row' }, input, button));
    return h('li', { class: 'card riddle', 'data-riddle': riddle.id },
      h('p', { class: 'question', id: questionId }, riddle.question),
      riddle.hint ? h('p', { class: 'muted small' }, riddle.hint) : null,
      form, feedback);
  });
  append(section, progress, h('ol', { class: 'plain riddles' }, cards));
}

async function fetchBoard(campaignId, activityId) {
  try {
    const board = await api.leaderboard(campaignId);
    return board.activities?.find((a) => a.activityId === activityId)?.rows ?? [];
  } catch {
    return null;
  }
}

async function renderLikes(section, campaign, activity) {
  const counts = new Map();
  const candidates = campaign.candidates.filter((c) => c.activityId === activity.id);
  const list = h('ul', { class: 'plain candidates' });
  const board = h('ol', { class: 'board', 'data-testid': 'leaderboard' });
  const refresh = async () => {
    const rows = await fetchBoard(campaign.id, activity.id);
    if (!rows) return;
    for (const row of rows) counts.get(row.id)?.forEach((el) => { el.textContent = t('like.total', { n: row.total }); });
    replace(board, rows.length ? rows.map((row) => h('li', {}, h('span', {}, row.name ?? row.id), h('span', { class: 'count' }, t('leaderboard.total', { n: row.total }))))
      : h('li', {}, t('leaderboard.empty')));
  };
  for (const candidate of candidates) {
    const count = h('span', { class: 'count', 'data-testid': `likes-${candidate.id}` }, '…');
    counts.set(candidate.id, [count]);
    const feedback = h('p', { class: 'feedback', role: 'status' });
    const button = h('button', {
      type: 'button',
      'data-like': candidate.id,
      'aria-label': `${t('like.button')} ${candidate.name}`,
      onclick: async () => {
        button.disabled = true;
        try {
          const result = await api.like(campaign.id, candidate.id);
          if (result.counted) showOk(feedback, t('like.counted'));
          else showError(feedback, { message: t('like.notCounted') });
          await refresh();
        } catch (error) {
          showError(feedback, error);
        } finally {
          button.disabled = false;
        }
      },
    }, '♥ ', t('like.button'));
    append(list, h('li', { class: 'card candidate' },
      h('div', { class: 'row spread' }, h('strong', {}, candidate.name), count),
      h('p', { class: 'small' }, candidate.description),
      button, feedback));
  }
  append(section, list, h('h3', {}, t('leaderboard.title')), board);
  await refresh();
  every(15000, refresh);
}

async function renderLeaderboard(section, campaign, activity) {
  const board = h('ol', { class: 'board', 'data-testid': 'leaderboard' });
  const rows = await fetchBoard(campaign.id, activity.id);
  replace(board, rows?.length ? rows.map((row) => h('li', {}, h('span', {}, row.name ?? row.id), h('span', { class: 'count' }, t('leaderboard.total', { n: row.total }))))
    : h('li', {}, t('leaderboard.empty')));
  append(section, h('h3', {}, t('leaderboard.title')), board);
}
