// The forms of the activities where the entrant writes: a message or reflection, a signup, a check-in.

import { t } from '../i18n.js';
import { h, append } from '../../shared/dom.js';
import { api } from '../api.js';
import { showError, showOk } from '../ui.js';

export function renderMessageForm(section, campaign, activity, myActivity) {
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

export function renderSignupForm(section, campaign, activity, myActivity) {
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

export function renderCheckinForm(section, campaign, activity) {
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
