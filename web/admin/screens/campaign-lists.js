// The campaign editor's five lists as forms (rows from forms.js): prize tiers, activities (each with its award),
// draws, riddles and candidates. A change other lists depend on (a tier's or an activity's id, name, kind or award
// mode) follows into them. Text typed or read from the API only ever becomes a value or a text node.

import { t } from '../i18n.js';
import { h } from '../../shared/dom.js';
import { fieldId, errorList, field, checks, rowList, idAndTitle, nextId } from '../forms.js';

const KIND_FIELDS = {
  riddle: ['attemptLimit', 'minCorrect'], like: ['likesPer'], message: ['minLength', 'maxLength', 'moderated'],
  reflection: ['minLength', 'maxLength', 'moderated'], signup: ['seats', 'fields'], checkin: ['dailyCap', 'unit'],
};
const MODE_FIELDS = {
  draw: ['weighting'], instant: ['prizeIds', 'winProbability'], firstCome: ['prizeIds', 'count'],
  topN: ['prizeIds', 'count'], judged: ['prizeIds', 'count'],
};

const options = (prefix, values, blank) =>
  [...(blank ? [['', t(blank)]] : []), ...values.map((value) => [value, t(`${prefix}.${value}`)])];

const named = (id, name) => (name ? `${name} (${id})` : id);

/**
 * The five list editors over a draft ({ prizes, activities, draws, riddles, candidates }, arrays it edits in place).
 * A change that other lists depend on (a tier's or an activity's id, name, kind or award mode) redraws them.
 */
export function campaignLists(draft, { afterDraw, onChange }) {
  const lists = {};
  const redraw = (...names) => names.forEach((name) => lists[name]?.redraw());
  const changed = (...names) => (path) => { onChange?.(path); redraw(...names); };

  const prizeChoices = () => draft.prizes.filter((p) => p.id).map((p) => [p.id, named(p.id, p.name)]);
  const activityChoices = (test) => draft.activities.filter((a) => a.id && test(a)).map((a) => [a.id, named(a.id, a.title)]);

  // A renamed tier or activity: its checkboxes and options elsewhere say so, in place (a redraw per keystroke of a
  // long riddle list would lag). kind: prize or activity.
  const relabel = (kind, id, text, ...names) => {
    const at = CSS.escape(id ?? '');
    const selector = kind === 'prize' ? `[data-path$=".prizeIds"] input[value="${at}"]`
      : `[data-path$=".activityIds"] input[value="${at}"], select[data-path$=".activityId"] option[value="${at}"]`;
    for (const name of names) {
      for (const element of lists[name].querySelectorAll(selector)) {
        if (element.tagName === 'OPTION') element.textContent = text;
        else element.parentElement.lastChild.textContent = text;
      }
    }
  };

  const renamePrize = (from, to) => {
    for (const owner of [...draft.activities.map((a) => a.award ?? {}), ...draft.draws]) {
      if (owner.prizeIds) owner.prizeIds = owner.prizeIds.map((id) => (id === from ? to : id));
    }
  };
  const renameActivity = (from, to) => {
    for (const draw of draft.draws) {
      if (draw.activityIds) draw.activityIds = draw.activityIds.map((id) => (id === from ? to : id));
    }
    for (const item of [...draft.riddles, ...draft.candidates]) if (item.activityId === from) item.activityId = to;
  };

  // Prize tiers an award or a draw names follow the tiers' order, so moving a tier up makes it the higher prize there too.
  const followTierOrder = () => {
    const rank = (id) => draft.prizes.findIndex((p) => p.id === id);
    for (const owner of [...draft.activities.map((a) => a.award ?? {}), ...draft.draws]) {
      owner.prizeIds?.sort((a, b) => rank(a) - rank(b));
    }
  };
  const tiersChanged = changed('activities', 'draws');

  lists.prizes = rowList({
    path: 'prizes', items: draft.prizes, addLabel: t('prizes.add'), className: 'grid', afterDraw,
    onChange: (path) => { followTierOrder(); tiersChanged(path); },
    title: (p, i) => [t('prizes.row', { n: i + 1 }), p.name].filter(Boolean).join(' · '),
    create: () => ({}),
    fields: (p, at) => [
      ...idAndTitle(p, at, draft.prizes, { prefix: 'prize', titleKey: 'name', titleLabel: t('prizes.name'),
        onRename: renamePrize, onId: () => redraw('activities', 'draws'),
        onTitle: () => relabel('prize', p.id, named(p.id, p.name), 'activities', 'draws') }),
      field(p, 'kind', `${at}.kind`, t('prizes.kind'), { type: 'select', choices: options('prizeKind', ['physical', 'voucher', 'service'], 'rows.choose') }),
      field(p, 'valueYuan', `${at}.valueYuan`, t('prizes.valueYuan'), { type: 'decimal' }),
      field(p, 'count', `${at}.count`, t('prizes.count'), { type: 'int' }),
      field(p, 'description', `${at}.description`, t('prizes.description'), { type: 'textarea' }),
    ],
  });

  const award = (a, at) => {
    const awardAt = `${at}.award`;
    const mode = a.award?.mode;
    const holder = { mode };
    const modeField = field(holder, 'mode', `${awardAt}.mode`, t('award.mode'), {
      type: 'select', choices: options('mode', Object.keys(MODE_FIELDS), 'rows.choose'),
      onInput: (next) => {
        if (!next) delete a.award;
        else {
          a.award = { ...(a.award ?? {}), mode: next };
          for (const key of Object.keys(a.award)) {
            if (key !== 'mode' && !MODE_FIELDS[next].includes(key)) delete a.award[key];
          }
        }
        redraw('activities', 'draws');
      },
    });
    const parts = [];
    if (mode === 'draw') {
      parts.push(field(a.award, 'weighting', `${awardAt}.weighting`, t('award.weighting'), { type: 'select',
        choices: options('weighting', a.kind === 'riddle' || a.award.weighting === 'correctAnswers' ? ['equal', 'correctAnswers'] : ['equal'], 'weighting.default') }),
      h('p', { class: 'muted small' }, t('award.drawHint')));
    } else if (mode) {
      parts.push(checks(a.award, 'prizeIds', `${awardAt}.prizeIds`, t('award.prizeIds'), prizeChoices(), { empty: t('award.noPrizes') }));
      parts.push(mode === 'instant'
        ? field(a.award, 'winProbability', `${awardAt}.winProbability`, t('award.winProbability'), { type: 'probability' })
        : field(a.award, 'count', `${awardAt}.count`, t(`award.count.${mode}`), { type: 'int' }));
    }
    return h('fieldset', { class: 'award', id: fieldId(awardAt), 'data-path': awardAt },
      h('legend', {}, t('award.legend')), errorList(awardAt, true), modeField, parts);
  };

  const kindFields = (a, at) => {
    const f = (key, type, extra) => field(a, key, `${at}.${key}`, t(`activity.${key}`), { type, ...extra });
    switch (a.kind) {
      case 'riddle': return [f('attemptLimit', 'int'), f('minCorrect', 'int')];
      case 'like': return [f('likesPer', 'select', { choices: options('likesPer', ['day', 'campaign'], 'likesPer.default') })];
      case 'message':
      case 'reflection': return [f('minLength', 'int'), f('maxLength', 'int'), f('moderated', 'check')];
      case 'checkin': return [f('dailyCap', 'int'), f('unit', 'text')];
      case 'signup': {
        a.fields ??= [];
        return [f('seats', 'int'), h('div', { class: 'sub' }, h('h4', {}, t('activity.fields')), rowList({
          path: `${at}.fields`, items: a.fields, addLabel: t('signup.add'), className: 'grid', afterDraw, onChange,
          title: (s, i) => [t('signup.row', { n: i + 1 }), s.label].filter(Boolean).join(' · '),
          create: () => ({ required: true }),
          fields: (s, sAt) => [
            ...idAndTitle(s, sAt, a.fields, { prefix: 'field', titleKey: 'label', titleLabel: t('signup.label') }),
            field(s, 'options', `${sAt}.options`, t('signup.options'), { type: 'lines' }),
            field(s, 'required', `${sAt}.required`, t('signup.required'), { type: 'check' }),
          ],
        }))];
      }
      default: return [];
    }
  };

  lists.activities = rowList({
    path: 'activities', items: draft.activities, addLabel: t('activities.add'), className: 'cards', afterDraw,
    onChange: changed('draws', 'riddles', 'candidates'),
    title: (a, i) => [t('activities.row', { n: i + 1 }), a.title].filter(Boolean).join(' · '),
    create: () => ({}),
    fields: (a, at) => [
      h('div', { class: 'grid-fields' },
        ...idAndTitle(a, at, draft.activities, { prefix: 'activity', titleKey: 'title', titleLabel: t('activities.title'),
          onRename: renameActivity, onId: () => redraw('draws', 'riddles', 'candidates'),
          onTitle: () => relabel('activity', a.id, named(a.id, a.title), 'draws', 'riddles', 'candidates') }),
        field(a, 'kind', `${at}.kind`, t('activities.kind'), { type: 'select',
          choices: options('kind', Object.keys(KIND_FIELDS), 'rows.choose'),
          onInput: (next) => {
            for (const key of Object.values(KIND_FIELDS).flat()) if (!KIND_FIELDS[next]?.includes(key)) delete a[key];
            if (a.award?.weighting === 'correctAnswers' && next !== 'riddle') delete a.award.weighting;
            redraw('activities', 'draws', 'riddles', 'candidates');
          } }),
        kindFields(a, at)),
      field(a, 'description', `${at}.description`, t('activities.description'), { type: 'textarea' }),
      award(a, at),
    ],
  });

  // A draw's witnesses (Trust v2): each hands over only the commitment to a secret they keep; the order is the rule's.
  const witnessList = (d, at) => {
    d.witnesses ??= [];
    return h('div', { class: 'sub' }, h('h4', {}, t('witnesses.title')), h('p', { class: 'muted small' }, t('hint.witnesses')), rowList({
      path: `${at}.witnesses`, items: d.witnesses, addLabel: t('witnesses.add'), className: 'grid', afterDraw, onChange,
      title: (w, i) => [t('witnesses.row', { n: i + 1 }), w.name].filter(Boolean).join(' · '),
      create: () => ({}),
      fields: (w, wAt) => [
        ...idAndTitle(w, wAt, d.witnesses, { prefix: 'witness', titleKey: 'name', titleLabel: t('witnesses.name') }),
        field(w, 'commitment', `${wAt}.commitment`, t('witnesses.commitment'), { type: 'textarea' }),
      ],
    }));
  };

  lists.draws = rowList({
    path: 'schedule.draws', items: draft.draws, addLabel: t('draws.add'), className: 'grid', afterDraw, onChange,
    title: (d, i) => [t('draws.row', { n: i + 1 }), d.id].filter(Boolean).join(' · '),
    create: (items) => ({ id: nextId(items, 'draw-') }),
    fields: (d, at) => [
      field(d, 'id', `${at}.id`, t('rows.id')),
      field(d, 'name', `${at}.name`, t('draws.name')),
      field(d, 'at', `${at}.at`, t('draws.atField'), { type: 'time', hint: 'time-hint' }),
      field(d, 'alternates', `${at}.alternates`, t('draws.alternates'), { type: 'int' }),
      checks(d, 'activityIds', `${at}.activityIds`, t('draws.activityIds'), activityChoices((a) => a.award?.mode === 'draw'),
        { empty: t('draws.noActivities'), hint: 'draws-all-hint' }),
      checks(d, 'prizeIds', `${at}.prizeIds`, t('draws.prizeIds'), prizeChoices(), { empty: t('award.noPrizes') }),
      field(d, 'revealBy', `${at}.revealBy`, t('draws.revealBy'), { type: 'time', hint: 'time-hint' }),
      witnessList(d, at),
    ],
  });

  const ownerChoices = (kind) => [['', t('rows.choose')], ...activityChoices((a) => a.kind === kind)];
  const firstOwner = (kind) => draft.activities.find((a) => a.id && a.kind === kind)?.id;

  lists.riddles = rowList({
    path: 'riddles', items: draft.riddles, addLabel: t('riddles.add'), className: 'grid', afterDraw, onChange,
    title: (r, i) => [t('riddles.row', { n: i + 1 }), r.question].filter(Boolean).join(' · '),
    create: (items) => ({ id: nextId(items, 'q'), activityId: firstOwner('riddle') }),
    fields: (r, at) => [
      field(r, 'id', `${at}.id`, t('rows.id')),
      field(r, 'activityId', `${at}.activityId`, t('rows.activity'), { type: 'select', choices: ownerChoices('riddle') }),
      field(r, 'question', `${at}.question`, t('riddles.question')),
      field(r, 'hint', `${at}.hint`, t('riddles.hint')),
      field(r, 'answers', `${at}.answers`, t('riddles.answers'), { type: 'pipes' }),
    ],
  });

  lists.candidates = rowList({
    path: 'candidates', items: draft.candidates, addLabel: t('candidates.add'), className: 'grid', afterDraw, onChange,
    title: (c, i) => [t('candidates.row', { n: i + 1 }), c.name].filter(Boolean).join(' · '),
    create: () => ({ activityId: firstOwner('like') }),
    fields: (c, at) => [
      ...idAndTitle(c, at, draft.candidates, { prefix: 'candidate', titleKey: 'name', titleLabel: t('candidates.name') }),
      field(c, 'activityId', `${at}.activityId`, t('rows.activity'), { type: 'select', choices: ownerChoices('like') }),
      field(c, 'description', `${at}.description`, t('candidates.description'), { type: 'textarea' }),
    ],
  });
  return lists;
}
