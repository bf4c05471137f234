// Helpers every panel of the admin console uses: feedback lines, problem messages, times, downloads and timers.

import { t, lang } from './i18n.js';
import { h, replace } from '../shared/dom.js';
import { problemText as sharedProblemText } from '../shared/problem.js';
import { ApiError } from './api.js';
import { signOut } from './session.js';

/** A role's name in the console's language (the app role value when we have no words for it). */
export const roleName = (role) => label('role', role);

/**
 * The message for a failed call (field errors show next to their fields, not here). A 403 names the roles the call
 * needs, so the person knows whom to ask.
 */
export function problemText(error) {
  if (error instanceof ApiError && error.kind === 'admin-forbidden') {
    const roles = error.problem?.requiredRoles;
    return Array.isArray(roles) && roles.length > 0
      ? t('problem.admin-forbidden', { roles: roles.map(roleName).join(t('list.or')) })
      : error.problem?.detail ?? t('error.generic', { status: 403 });
  }
  return sharedProblemText(error, t);
}

export function feedback(element, ok, text) {
  element.className = `feedback ${ok ? 'good' : 'bad'}`;
  element.textContent = text;
}

let signedOut = () => {};
/** What to do when the server refuses the token (app.js asks to sign in again). */
export function onSignedOut(callback) {
  signedOut = callback;
}

/** A 401 means the token expired or was refused: sign out and ask again; anything else is shown in element. */
export function handle(error, element) {
  if (error instanceof ApiError && error.status === 401) {
    signOut().finally(() => signedOut(t('signIn.expired')));
    return;
  }
  if (element) feedback(element, false, problemText(error));
}

// Times show in the open campaign's zone, as its schedule is written, whatever the admin's own computer says.
let displayZone;

export function showTimesIn(timeZone) {
  displayZone = timeZone || undefined;
}

export function formatTime(iso) {
  if (!iso) return '';
  try {
    return new Intl.DateTimeFormat(lang(), { dateStyle: 'short', timeStyle: 'medium', timeZone: displayZone }).format(new Date(iso));
  } catch {
    return iso;
  }
}

export const formatNumber = (n) => new Intl.NumberFormat(lang()).format(n ?? 0);

/** Saves text fetched with the key header as a file: the key never goes into a URL the browser could keep. */
export function downloadText(text, fileName) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = h('a', { href: url, download: fileName, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Calls tick every intervalMs while box is on the page; stops for good once it is gone (the view was replaced) or
 * after deadlineMs, then calls onGone. tick may return false to stop. skip() may pause single ticks (a hidden tab, a
 * panel scrolled away).
 */
export function repeatWhileShown(box, intervalMs, tick, { deadlineMs = Infinity, skip = () => false, onGone = () => {} } = {}) {
  const until = Date.now() + deadlineMs;
  const timer = setInterval(async () => {
    if (!box.isConnected || Date.now() > until) {
      clearInterval(timer);
      onGone();
      return;
    }
    if (skip()) return;
    if (await tick() === false) clearInterval(timer);
  }, intervalMs);
  return () => clearInterval(timer);
}

/** A selector that finds "the same" control in a redrawn card: its id, else its data-* attribute, else its tag. */
function sameControl(element) {
  if (element.id) return `#${CSS.escape(element.id)}`;
  const data = [...element.attributes].find((attribute) => attribute.name.startsWith('data-'));
  return data ? `[${data.name}="${CSS.escape(data.value)}"]` : element.tagName.toLowerCase();
}

/**
 * Replaces what a card shows, as a timer does every few seconds, without taking the keyboard focus away from the
 * admin or closing a <details> they opened.
 */
export function redraw(container, ...children) {
  const focused = container.contains(document.activeElement) ? sameControl(document.activeElement) : null;
  const open = [...container.querySelectorAll('details')].map((details) => details.open);
  replace(container, ...children);
  container.querySelectorAll('details').forEach((details, index) => { details.open = open[index] ?? false; });
  const again = focused && container.querySelector(focused);
  if (again && !again.disabled) again.focus({ preventScroll: true });
}

/** The words for a value from the server (a state, a mode, a reason): ours when we have them, else the value itself. */
export function label(prefix, value) {
  const key = `${prefix}.${value}`;
  const text = t(key);
  return text === key ? value : text;
}

/** A campaign's status (open, scheduled, …) as a coloured badge. */
export const statusBadge = (status) => h('span', { class: `badge status-${status}` }, t(`status.${status}`));
