// Helpers every screen of the entrant page uses: feedback lines, times in the campaign's zone, countdowns, badges,
// and the timers of the screen on show.

import { t, lang } from './i18n.js';
import { h } from '../shared/dom.js';
import { problemText as sharedProblemText } from '../shared/problem.js';

// ---- timers ---------------------------------------------------------------------------------------------------

// The screen on show ticks (countdowns, leaderboards); the route stops them all before it draws the next one.
let timers = [];

/** Calls tick every intervalMs until the route changes. */
export function every(intervalMs, tick) {
  timers.push(setInterval(tick, intervalMs));
}

export function stopTimers() {
  timers.forEach(clearInterval);
  timers = [];
}

// ---- problems --------------------------------------------------------------------------------------------------

/** The message for a failed call, with the reasons a field was refused (the entrant page has no field markers). */
const problemText = (error) => sharedProblemText(error, t, { fieldErrors: true });

export function showError(element, error) {
  element.className = 'feedback bad';
  element.textContent = problemText(error);
}

export function showOk(element, text) {
  element.className = 'feedback good';
  element.textContent = text;
}

// ---- time ---------------------------------------------------------------------------------------------------

export function formatTime(iso, timeZone) {
  if (!iso) return '';
  const options = { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' };
  try {
    return new Intl.DateTimeFormat(lang(), options).format(new Date(iso));
  } catch {
    return new Intl.DateTimeFormat(lang(), { ...options, timeZone: undefined }).format(new Date(iso));
  }
}

export function zoneNote(timeZone) {
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
export function countdown(opensAt, closesAt, timeZone) {
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
  every(1000, tick);
  return line;
}

export function statusBadge(status) {
  const key = `status.${status}`;
  const text = t(key);
  return h('span', { class: `badge status-${status}` }, text === key ? status : text);
}

/** A prize's state (awarded, claimed, …) in the page's language, else as the API spells it. */
export function prizeStatus(status) {
  const key = `prizeStatus.${status}`;
  const text = t(key);
  return text === key ? status : text;
}
