// The entrant page: campaigns, a campaign's activities and rules, and "Mine". Plain DOM; text from the API is
// only ever inserted as text (textContent / text nodes), never as HTML.

import { t, lang, setLang } from './i18n.js';
import { h, append, replace } from '../shared/dom.js';
import { problemText as sharedProblemText } from '../shared/problem.js';
import { api, token, setToken, signedInAs } from './api.js';
import { checkMyEntry } from './proof.js';
import { listenForHostTokens } from './host.js';

const app = document.getElementById('app');
let timers = [];

// ---- Problems --------------------------------------------------------------------------------------------------

/** The message for a failed call, with the reasons a field was refused (the entrant page has no field markers). */
const problemText = (error) => sharedProblemText(error, t, { fieldErrors: true });

function showError(element, error) {
  element.className = 'feedback bad';
  element.textContent = problemText(error);
}

function showOk(element, text) {
  element.className = 'feedback good';
  element.textContent = text;
}

// ---- time ---------------------------------------------------------------------------------------------------

function formatTime(iso, timeZone) {
  if (!iso) return '';
  const options = { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' };
  try {
    return new Intl.DateTimeFormat(lang(), options).format(new Date(iso));
  } catch {
    return new Intl.DateTimeFormat(lang(), { ...options, timeZone: undefined }).format(new Date(iso));
  }
}

function zoneNote(timeZone) {
  return t('time.inZone', { zone: timeZone });
}

function duration(ms) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(total / 86400);
  const hh = Math.floor((total % 86400) / 3600);
  const mm = Math.floor((total % 3600) / 60);
  const ss = total % 60;
  const two = (n) => String(n).padStart(2, '0');
  return d > 0
    ? t('countdown.days', { d, h: hh, m: two(mm), s: two(ss) })
    : t('countdown.hours', { h: hh, m: two(mm), s: two(ss) });
}

/** A line that counts down to the opening, then to the close, of a campaign; times shown in its zone. */
function countdown(opensAt, closesAt, timeZone) {
  const line = h('p', { class: 'countdown', 'data-testid': 'countdown' });
  const tick = () => {
    const now = Date.now();
    const opens = Date.parse(opensAt);
    const closes = Date.parse(closesAt);
    if (now < opens) line.textContent = `${t('countdown.opensIn', { time: duration(opens - now) })} · ${formatTime(opensAt, timeZone)}${zoneNote(timeZone)}`;
    else if (now < closes) line.textContent = `${t('countdown.closesIn', { time: duration(closes - now) })} · ${formatTime(closesAt, timeZone)}${zoneNote(timeZone)}`;
    else line.textContent = t('countdown.closed');
  };
  tick();
  timers.push(setInterval(tick, 1000));
  return line;
}

function statusBadge(status) {
  const key = `status.${status}`;
  const text = t(key);
  return h('span', { class: `badge status-${status}` }, text === key ? status : text);
}

// ---- session ------------------------------------------------------------------------------------------------

function renderSession() {
  const session = document.getElementById('session');
  const who = signedInAs();
  if (token() && who) {
    replace(session,
      h('span', { 'data-testid': 'signed-in' }, t('signIn.signedInAs', { id: who })),
      h('button', { type: 'button', class: 'link', onclick: () => { setToken(null); renderAll(); } }, t('nav.signOut')));
    return;
  }

  const feedback = h('p', { class: 'feedback', role: 'status' });
  const idInput = h('input', { id: 'dev-entrant-id', name: 'sub', value: 'worker-001', autocomplete: 'off', required: true, maxlength: 64 });
  const member = h('input', { id: 'dev-member', type: 'checkbox', checked: true });
  const form = h('form', {
    class: 'card',
    onsubmit: async (event) => {
      event.preventDefault();
      try {
        const answer = await api.devToken(idInput.value.trim(), member.checked);
        setToken(answer.token);
        renderAll();
      } catch (error) {
        showError(feedback, error);
      }
    },
  },
  h('h2', {}, t('signIn.devTitle')),
  h('p', { class: 'muted' }, t('signIn.devIntro')),
  h('label', { for: 'dev-entrant-id' }, t('signIn.entrantId')),
  idInput,
  h('label', { class: 'check' }, member, t('signIn.member')),
  h('button', { type: 'submit', id: 'dev-sign-in' }, t('signIn.button')),
  feedback);
  replace(session, h('p', { class: 'muted' }, t('signIn.intro')), form);
}

// ---- campaign list ------------------------------------------------------------------------------------------

const statusOrder = { open: 0, scheduled: 1 };

async function renderList() {
  replace(app, h('h1', { tabindex: -1 }, t('list.title')), h('p', { class: 'muted' }, t('loading')));
  let campaigns;
  try {
    campaigns = await api.campaigns();
  } catch (error) {
    const line = h('p');
    showError(line, error);
    replace(app, h('h1', { tabindex: -1 }, t('list.title')), line);
    return;
  }
  campaigns.sort((a, b) => (statusOrder[a.status] ?? 9) - (statusOrder[b.status] ?? 9) || Date.parse(a.closesAt) - Date.parse(b.closesAt));
  const items = campaigns.map((campaign) => h('li', { class: 'card campaign', 'data-campaign': campaign.id },
    h('a', { href: `#/c/${encodeURIComponent(campaign.id)}`, class: 'title' }, campaign.title),
    h('div', { class: 'meta' }, statusBadge(campaign.status),
      campaign.membersOnly ? h('span', { class: 'badge members' }, t('list.membersOnly')) : null),
    h('p', {}, campaign.summary),
    countdown(campaign.opensAt, campaign.closesAt, campaign.timeZone),
    h('p', { class: 'muted small' }, t('list.organiser', { name: campaign.organiserName }))));
  replace(app, h('h1', { tabindex: -1 }, t('list.title')),
    items.length ? h('ul', { class: 'plain', id: 'campaigns' }, items) : h('p', {}, t('list.empty')));
}

// ---- one campaign -------------------------------------------------------------------------------------------

async function renderCampaign(campaignId, tab) {
  replace(app, h('p', { class: 'muted' }, t('loading')));
  let campaign;
  try {
    campaign = await api.campaign(campaignId);
  } catch (error) {
    const line = h('p');
    showError(line, error);
    replace(app, h('a', { href: '#/' }, t('nav.back')), line);
    return;
  }
  const base = `#/c/${encodeURIComponent(campaign.id)}`;
  const tabs = [['campaign', base], ['rules', `${base}/rules`], ['winners', `${base}/winners`], ['mine', `${base}/mine`]];
  const body = h('section', { id: `tab-${tab}` });
  replace(app,
    h('a', { href: '#/', class: 'back' }, t('nav.back')),
    h('h1', { id: 'campaign-title', tabindex: -1 }, campaign.title),
    h('div', { class: 'meta' }, statusBadge(campaign.status),
      campaign.membersOnly ? h('span', { class: 'badge members' }, t('list.membersOnly')) : null),
    countdown(campaign.schedule.opensAt, campaign.schedule.closesAt, campaign.timeZone),
    h('nav', { class: 'tabs', 'aria-label': campaign.title },
      tabs.map(([name, href]) => h('a', { href, 'aria-current': name === tab ? 'page' : null, 'data-tab': name }, t(`tab.${name}`)))),
    body);

  if (tab === 'rules') renderRules(body, campaign);
  else if (tab === 'mine') await renderMine(body, campaign);
  else if (tab === 'winners') await renderWinners(body, campaign);
  else await renderActivities(body, campaign);
}

function renderRules(body, campaign) {
  const zone = campaign.timeZone;
  const s = campaign.schedule;
  const rules = campaign.rules ?? {};
  const dl = (pairs) => h('dl', {}, pairs.filter(([, v]) => v).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
  append(body,
    h('p', {}, campaign.summary),
    campaign.membersOnly ? h('p', { class: 'notice' }, t('rules.membersOnly')) : null,
    h('h2', {}, t('rules.schedule')),
    dl([
      [t('rules.opensAt'), formatTime(s.opensAt, zone) + zoneNote(zone)],
      [t('rules.closesAt'), formatTime(s.closesAt, zone) + zoneNote(zone)],
      [t('rules.claimDeadline'), s.claimDeadline ? formatTime(s.claimDeadline, zone) + zoneNote(zone) : null],
    ]),
    s.draws?.length ? [h('h2', {}, t('rules.draws')), h('ul', { class: 'plain' }, s.draws.map((draw) => h('li', { class: 'card' },
      h('p', {}, t('rules.drawAt', { time: formatTime(draw.at, zone) + zoneNote(zone), alternates: draw.alternates ?? 0 })),
      draw.commitment ? h('p', { class: 'small' }, `${t('rules.commitment')}: `, h('code', {}, draw.commitment)) : null)))] : null,
    h('h2', {}, t('rules.prizes')),
    h('ul', { class: 'plain', id: 'prizes' }, (campaign.prizes ?? []).map((prize) => h('li', { class: 'card' },
      h('strong', {}, t('rules.prizeLine', { name: prize.name, value: prize.valueYuan, count: prize.count })),
      prize.description ? h('p', { class: 'small' }, prize.description) : null))),
    h('h2', {}, t('rules.organiser')),
    dl([[t('rules.organiser'), campaign.organiser?.name], [t('rules.contact'), campaign.organiser?.contact]]),
    dl(['entryConditions', 'awardMethod', 'claimInstructions', 'forfeiture', 'notes'].map((k) => [t(`rules.${k}`), rules[k]])));
}

async function loadMine(campaignId) {
  if (!token()) return null;
  try {
    return await api.mine(campaignId);
  } catch {
    return null;
  }
}

async function renderActivities(body, campaign) {
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
  timers.push(setInterval(refresh, 15000));
}

async function renderLeaderboard(section, campaign, activity) {
  const board = h('ol', { class: 'board', 'data-testid': 'leaderboard' });
  const rows = await fetchBoard(campaign.id, activity.id);
  replace(board, rows?.length ? rows.map((row) => h('li', {}, h('span', {}, row.name ?? row.id), h('span', { class: 'count' }, t('leaderboard.total', { n: row.total }))))
    : h('li', {}, t('leaderboard.empty')));
  append(section, h('h3', {}, t('leaderboard.title')), board);
}

function renderMessageForm(section, campaign, activity, myActivity) {
  const min = activity.minLength ?? 1;
  const max = activity.maxLength ?? 300;
  const inputId = `message-${activity.id}`;
  const area = h('textarea', { id: inputId, rows: 5, maxlength: max, required: true });
  const counter = h('p', { class: 'counter small', 'aria-live': 'polite' });
  const button = h('button', { type: 'submit' }, t('message.submit'));
  const feedback = h('p', { class: 'feedback', role: 'status' });
  const length = () => [...area.value.trim()].length;
  const update = () => {
    const n = length();
    counter.textContent = t('message.counter', { n, max });
    counter.classList.toggle('bad', n > 0 && (n < min || n > max));
    button.disabled = n < min || n > max;
  };
  area.addEventListener('input', update);
  const form = h('form', {
    onsubmit: async (event) => {
      event.preventDefault();
      if (length() < min) {
        showError(feedback, { message: t('message.tooShort', { min }) });
        return;
      }
      button.disabled = true;
      try {
        const result = await api.message(campaign.id, activity.id, area.value.trim());
        showOk(feedback, result?.status === 'pending' ? t('message.sent') : t('message.sentOpen'));
        area.disabled = true;
      } catch (error) {
        showError(feedback, error);
        button.disabled = false;
      }
    },
  }, h('label', { for: inputId }, t('message.label')), area, counter,
  h('p', { class: 'muted small' }, t('message.tooShort', { min })), button, feedback);
  update();
  if (myActivity?.message) {
    area.value = myActivity.message.text;
    area.disabled = true;
    button.disabled = true;
    showOk(feedback, t(`mine.messageStatus.${myActivity.message.status}`));
    counter.textContent = t('message.counter', { n: length(), max });
  }
  append(section, form);
}

function renderSignupForm(section, campaign, activity, myActivity) {
  const feedback = h('p', { class: 'feedback', role: 'status' });
  const selects = (activity.fields ?? []).map((field) => {
    const id = `signup-${activity.id}-${field.id}`;
    const select = h('select', { id, name: field.id, required: field.required },
      h('option', { value: '' }, t('signup.choose')),
      (field.options ?? []).map((option) => h('option', { value: option }, option)));
    return [field, select, h('label', { for: id }, field.label), select];
  });
  const button = h('button', { type: 'submit' }, t('signup.submit'));
  const form = h('form', {
    onsubmit: async (event) => {
      event.preventDefault();
      const fields = Object.fromEntries(selects.filter(([, select]) => select.value).map(([field, select]) => [field.id, select.value]));
      button.disabled = true;
      try {
        const result = await api.signup(campaign.id, activity.id, fields);
        showOk(feedback, result?.seat ? t('signup.confirmed', { seat: result.seat, seats: result.seats }) : t('signup.sent'));
      } catch (error) {
        showError(feedback, error);
        button.disabled = false;
      }
    },
  }, activity.seats ? h('p', { class: 'small' }, t('signup.seats', { n: activity.seats })) : null,
  selects.map(([, , label, select]) => [label, select]), button, feedback);
  if (myActivity?.signup) {
    button.disabled = true;
    selects.forEach(([field, select]) => { select.value = myActivity.signup.fields?.[field.id] ?? ''; select.disabled = true; });
    showOk(feedback, t('signup.confirmed', { seat: myActivity.signup.seat, seats: activity.seats ?? '' }));
  }
  append(section, form);
}

function renderCheckinForm(section, campaign, activity) {
  const inputId = `checkin-${activity.id}`;
  const input = h('input', { id: inputId, type: 'number', min: 0, step: 1, inputmode: 'numeric', required: true });
  const feedback = h('p', { class: 'feedback', role: 'status' });
  const button = h('button', { type: 'submit' }, t('checkin.submit'));
  const unit = activity.unit ?? '';
  append(section, h('form', {
    onsubmit: async (event) => {
      event.preventDefault();
      button.disabled = true;
      try {
        const result = await api.checkin(campaign.id, activity.id, Number(input.value));
        showOk(feedback, t('checkin.done', { counted: result.counted, reported: result.reported, unit }));
      } catch (error) {
        showError(feedback, error);
      } finally {
        button.disabled = false;
      }
    },
  }, h('label', { for: inputId }, t('checkin.label', { unit })),
  activity.dailyCap ? h('p', { class: 'muted small' }, t('checkin.cap', { n: activity.dailyCap, unit })) : null,
  h('div', { class: 'row' }, input, button), feedback));
}

// ---- winners ------------------------------------------------------------------------------------------------

function renderEntryCheck(campaign, draw) {
  const result = h('div', { class: 'check-result', 'data-testid': `check-${draw.id}`, 'aria-live': 'polite' });
  const button = h('button', {
    type: 'button',
    'data-check': draw.id,
    onclick: async () => {
      button.disabled = true;
      replace(result, h('p', { class: 'muted' }, t('loading')));
      try {
        const check = await checkMyEntry(api, campaign.id, draw.id, signedInAs());
        const lines = [h('p', { class: 'small' }, `${t('check.pseudonym')}: `, h('code', {}, check.pseudonym))];
        if (check.state === 'not-drawn') lines.push(h('p', {}, t('check.notDrawn')));
        else {
          lines.push(h('p', { class: check.commitmentMatches ? 'good' : 'bad' },
            t(check.commitmentMatches ? 'check.commitmentOk' : 'check.commitmentBad')));
          if (check.state === 'not-in-set') lines.push(h('p', {}, t('check.notInSet')));
          else {
            lines.push(h('p', {}, t('check.score', { weight: check.entry.weight, score: check.score })));
            lines.push(h('p', {}, check.ranked
              ? t('check.ranked', { rank: check.ranked.rank, score: check.ranked.score })
              : t('check.notRanked')));
            lines.push(h('p', { class: `verdict ${check.agrees ? 'good' : 'bad'}`, 'data-testid': 'check-verdict' },
              t(check.agrees ? 'check.agrees' : 'check.disagrees')));
          }
        }
        replace(result, lines);
      } catch (error) {
        const line = h('p');
        showError(line, error);
        replace(result, line);
      } finally {
        button.disabled = false;
      }
    },
  }, t('check.button'));
  return h('section', { class: 'card' }, h('h2', {}, t('check.title', { id: draw.id })),
    h('p', { class: 'small muted' }, t('check.intro')), token() ? button : h('p', {}, t('signIn.needed')), result);
}

async function renderWinners(body, campaign) {
  for (const draw of campaign.schedule.draws ?? []) append(body, renderEntryCheck(campaign, draw));
  let draws;
  try {
    draws = await api.winners(campaign.id);
  } catch (error) {
    const line = h('p');
    showError(line, error);
    append(body, line);
    return;
  }
  if (!draws?.length) {
    append(body, h('p', { 'data-testid': 'no-winners' }, t('winners.none')));
    return;
  }
  for (const draw of draws) {
    append(body, h('h2', {}, t('winners.draw', { id: draw.drawId, time: formatTime(draw.drawnAt, campaign.timeZone) })));
    for (const tier of draw.tiers ?? []) {
      append(body, h('section', { class: 'card' }, h('h3', {}, tier.prizeName ?? tier.prizeId),
        h('ol', { class: 'winners' }, tier.winners.map((winner) => h('li', { value: winner.rank },
          [winner.name, winner.phone].filter(Boolean).join(' '), ' ',
          h('code', { class: 'small' }, winner.pseudonymPrefix),
          winner.status ? h('span', { class: 'small muted' }, ` ${prizeStatus(winner.status)}`) : null)))));
    }
  }
}

function prizeStatus(status) {
  const key = `prizeStatus.${status}`;
  const text = t(key);
  return text === key ? status : text;
}

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

// ---- Mine ---------------------------------------------------------------------------------------------------

/**
 * Where the entrant stands in an activity's draw, in the page's language. The API's draw.note says the same in
 * English only, so the reason is worked out again here from the entry itself.
 */
function drawChance(activity, definition) {
  if (activity.draw.eligible) return t('mine.eligible', { n: activity.draw.tickets });
  if (activity.riddles && definition?.minCorrect) {
    const correct = activity.riddles.filter((r) => r.correct).length;
    return t('mine.notEligibleRiddles', { n: Math.max(0, definition.minCorrect - correct) });
  }
  const status = activity.message?.status;
  if (status === 'pending' || status === 'rejected') return t(`mine.notEligible.${status}`);
  return t('mine.notEligible');
}

async function renderMine(body, campaign) {
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
      return h('li', {}, t('mine.drawState', { id: draw.drawId, state: state === key ? draw.state : state }));
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
          renderClaimForm(campaign, prize, () => renderCampaign(campaign.id, 'mine'))]
        : null))));
  }
}

// ---- routing ------------------------------------------------------------------------------------------------

function takeTokenFromFragment() {
  const match = /^#token=([^&]+)/.exec(location.hash);
  if (match) {
    setToken(decodeURIComponent(match[1]));
    history.replaceState(null, '', `${location.pathname}${location.search}#/`);
  }
}

async function route() {
  timers.forEach(clearInterval);
  timers = [];
  const path = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (path[0] === 'c' && path[1]) await renderCampaign(path[1], ['rules', 'winners', 'mine'].includes(path[2]) ? path[2] : 'campaign');
  else await renderList();
}

function renderChrome() {
  document.documentElement.lang = lang();
  document.getElementById('session').setAttribute('aria-label', t('session.label'));
  document.title = t('app.title');
  document.getElementById('brand').textContent = t('app.title');
  // The button names the other language in that language (its visible text is its accessible name, so voice
  // control users can say what they see); what it does goes in the description.
  const button = document.getElementById('lang-switch');
  button.textContent = t('lang.switch');
  button.lang = otherLang();
  button.title = t('lang.switchLabel');
}

const otherLang = () => (lang() === 'zh-CN' ? 'en' : 'zh-CN');

function renderAll() {
  renderChrome();
  renderSession();
  return route();
}

document.getElementById('lang-switch').addEventListener('click', () => {
  setLang(otherLang());
  renderAll();
});
// A screen reader hears where a link led: the new page's heading takes the focus (main is not a live region, or
// every countdown tick would be read out).
window.addEventListener('hashchange', async () => {
  takeTokenFromFragment();
  renderSession();
  await route();
  app.querySelector('h1')?.focus();
});
listenForHostTokens((hostToken) => {
  setToken(hostToken);
  renderAll();
});
takeTokenFromFragment();
renderAll();
