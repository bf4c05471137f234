// Live figures of one campaign: accepted entries per hour and activity (a stacked-bar SVG drawn here, no library),
// the like and check-in leaderboards as bars, and rejected entries by reason. Refreshed every 15 s while shown.

import { t, lang } from '../i18n.js';
import { h, replace } from '../../shared/dom.js';
import { api, ApiError } from '../api.js';
import { handle, formatTime, formatNumber, repeatWhileShown, redraw, label } from '../ui.js';

const REFRESH_MS = 15_000;
const HOUR_MS = 3_600_000;
/** The chart shows at most this many hours, the latest ones: a day and a half reads well at desktop width. */
const MAX_HOURS = 36;
/** Each activity's bar colour; each has at least 3:1 contrast on white (WCAG 1.4.11, graphics). */
const COLOURS = ['#b3261e', '#1f5fbf', '#1b6e35', '#7a4bb0', '#8a5a00', '#00707a'];
const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  for (const child of children) element.append(child);
  return element;
}

/** Every hour from the first with entries to the last (or to now), capped to the latest MAX_HOURS; gaps are zero. */
function hourlySeries(figures) {
  const activityIds = figures.activities.map((a) => a.activityId);
  for (const row of figures.hours) if (!activityIds.includes(row.activityId)) activityIds.push(row.activityId);
  const counts = new Map();
  for (const row of figures.hours) {
    const start = Date.parse(row.hour);
    counts.set(`${start}|${row.activityId}`, row.accepted);
  }
  const starts = figures.hours.map((row) => Date.parse(row.hour));
  const counted = Date.parse(figures.countedAt);
  let last = Math.max(...starts);
  // Up to the hour now being counted, so a quiet last hour shows as a zero instead of vanishing; but not for a
  // campaign long over, whose entries would be pushed out of the chart by empty hours.
  const quietHours = Math.floor((counted - last) / HOUR_MS);
  if (quietHours > 0 && quietHours < MAX_HOURS / 2) last += quietHours * HOUR_MS;
  const first = Math.max(Math.min(...starts), last - (MAX_HOURS - 1) * HOUR_MS);
  const hours = [];
  for (let start = first; start <= last; start += HOUR_MS) {
    hours.push({ start, values: activityIds.map((id) => counts.get(`${start}|${id}`) ?? 0) });
  }
  return { activityIds, hours };
}

/** A round step for the y axis, so that about four gridlines cover max. */
function niceStep(max) {
  const rough = Math.max(1, max / 4);
  const power = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= rough);
}

function hourChart(figures, activityNames) {
  const { activityIds, hours } = hourlySeries(figures);
  const hourLabel = new Intl.DateTimeFormat(lang(), { timeZone: figures.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const dayLabel = new Intl.DateTimeFormat(lang(), { timeZone: figures.timeZone, month: 'numeric', day: 'numeric' });
  const width = 640;
  const height = 240;
  const left = 48;
  const bottom = 40;
  const plotWidth = width - left - 8;
  const plotHeight = height - bottom - 12;
  const max = Math.max(1, ...hours.map((hour) => hour.values.reduce((a, b) => a + b, 0)));
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const y = (value) => 12 + plotHeight - (value / top) * plotHeight;
  const slot = plotWidth / hours.length;
  const labelEvery = Math.ceil(hours.length / 8);
  const total = hours.reduce((sum, hour) => sum + hour.values.reduce((a, b) => a + b, 0), 0);

  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-labelledby': 'figures-chart-title' },
    svg('title', { id: 'figures-chart-title' }, t('figures.chartLabel', { n: formatNumber(total), hours: hours.length })));
  for (let value = 0; value <= top; value += step) {
    chart.append(svg('line', { x1: left, x2: width - 8, y1: y(value), y2: y(value), class: 'grid' }),
      svg('text', { x: left - 6, y: y(value) + 4, 'text-anchor': 'end', class: 'axis' }, formatNumber(value)));
  }
  hours.forEach((hour, index) => {
    const x = left + index * slot;
    let base = 0;
    hour.values.forEach((value, series) => {
      if (value === 0) return;
      const rect = svg('rect', { x: x + slot * 0.12, width: Math.max(1, slot * 0.76), y: y(base + value), height: y(base) - y(base + value),
        fill: COLOURS[series % COLOURS.length], 'data-hour': new Date(hour.start).toISOString(), 'data-activity': activityIds[series] },
      svg('title', {}, `${hourLabel.format(hour.start)} · ${activityNames.get(activityIds[series]) ?? activityIds[series]}: ${formatNumber(value)}`));
      chart.append(rect);
      base += value;
    });
    if (index % labelEvery === 0) {
      chart.append(svg('text', { x: x + slot / 2, y: height - bottom + 16, 'text-anchor': 'middle', class: 'axis' }, hourLabel.format(hour.start)));
      const day = dayLabel.format(hour.start);
      if (index === 0 || day !== dayLabel.format(hours[index - labelEvery]?.start)) {
        chart.append(svg('text', { x: x + slot / 2, y: height - bottom + 32, 'text-anchor': 'middle', class: 'axis' }, day));
      }
    }
  });

  const legend = h('ul', { class: 'plain legend' }, activityIds.map((id, series) =>
    h('li', {}, swatch(COLOURS[series % COLOURS.length]), ' ', activityNames.get(id) ?? id)));
  // The same numbers as a table, for screen readers and for anyone who wants the exact figures.
  const table = h('details', {}, h('summary', {}, t('figures.asTable')),
    h('table', { id: 'figures-hours' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('figures.hour')),
        activityIds.map((id) => h('th', { scope: 'col', class: 'number' }, activityNames.get(id) ?? id)))),
      h('tbody', {}, hours.filter((hour) => hour.values.some((v) => v > 0)).map((hour) => h('tr', {},
        h('th', { scope: 'row', class: 'nowrap' }, `${dayLabel.format(hour.start)} ${hourLabel.format(hour.start)}`),
        hour.values.map((value) => h('td', { class: 'number' }, formatNumber(value))))))));
  return [chart, legend, table];
}

function swatch(colour) {
  const box = h('span', { class: 'swatch', 'aria-hidden': 'true' });
  box.style.background = colour; // CSSOM, which the page's CSP allows (a style attribute it would not)
  return box;
}

/** Horizontal bars as a list: label, bar (its width set through CSSOM), number. */
function bars(id, rows, { label, value, extra }) {
  const max = Math.max(1, ...rows.map(value));
  return h('ol', { class: 'plain bars', id }, rows.map((row) => {
    const bar = h('span', { class: 'bar-fill', 'aria-hidden': 'true' });
    bar.style.width = `${(value(row) / max) * 100}%`;
    return h('li', {}, h('span', { class: 'bar-label' }, label(row)), h('span', { class: 'bar-track' }, bar),
      h('span', { class: 'bar-value' }, formatNumber(value(row)), extra ? extra(row) : null));
  }));
}

async function load(body, status, campaignId, activityNames) {
  const [figures, board] = await Promise.allSettled([api.figures(campaignId), api.leaderboard(campaignId)]);
  const parts = [];
  if (figures.status === 'fulfilled') {
    const data = figures.value.data;
    status.textContent = t('figures.countedAt', { time: formatTime(data.countedAt), delay: data.delaySeconds ?? 0 });
    // Rejections per activity only when the server counts them so (it may count them per campaign only).
    const perActivityRejects = data.activities.some((a) => typeof a.rejected === 'number');
    const headings = ['figures.activity', 'figures.accepted', perActivityRejects && 'figures.rejected'].filter(Boolean);
    parts.push(h('table', { id: 'figures-activities' },
      h('thead', {}, h('tr', {}, headings.map((key, i) => h('th', { scope: 'col', class: i > 0 ? 'number' : null }, t(key))))),
      h('tbody', {}, data.activities.map((a) => h('tr', { 'data-activity': a.activityId },
        h('td', {}, activityNames.get(a.activityId) ?? a.activityId),
        h('td', { class: 'number' }, formatNumber(a.accepted)),
        perActivityRejects ? h('td', { class: 'number' }, formatNumber(a.rejected)) : null)))));
    parts.push(h('h3', {}, t('figures.perHour')));
    parts.push(data.hours.length === 0 ? h('p', { class: 'muted' }, t('figures.noEntries')) : hourChart(data, activityNames));
    parts.push(h('h3', {}, t('figures.rejects')));
    parts.push(data.rejects.length === 0 ? h('p', { class: 'muted' }, t('figures.noRejects'))
      : bars('figures-rejects', [...data.rejects].sort((a, b) => b.count - a.count),
        { label: (r) => [label('reject', r.reason), ' ', h('code', { class: 'small' }, r.reason)], value: (r) => r.count }));
  } else if (figures.reason instanceof ApiError && figures.reason.status === 404 && figures.reason.kind !== 'not-found') {
    // A 404 without our problem type is the route itself missing: a server without the figures endpoint yet.
    status.textContent = '';
    parts.push(h('p', { class: 'muted', id: 'figures-unavailable' }, t('figures.unavailable')));
  } else {
    handle(figures.reason, status);
  }
  if (board.status === 'fulfilled') {
    for (const activity of board.value.data?.activities ?? []) {
      const rows = activity.rows.slice(0, 10);
      if (rows.length === 0) continue;
      parts.push(h('h3', {}, t(`figures.board.${activity.kind}`, { name: activityNames.get(activity.activityId) ?? activity.activityId })),
        bars(`board-${activity.activityId}`, rows, { label: (r) => r.name ?? r.id, value: (r) => r.total,
          extra: (r) => (r.today ? h('span', { class: 'muted small' }, ` ${t('figures.today', { n: formatNumber(r.today) })}`) : null) }));
    }
  }
  redraw(body, parts);
}

/** The figures card of a campaign; refreshes itself every 15 s while the tab is shown and the card is on screen. */
export function renderFigures(box, view) {
  const campaignId = view.definition.id;
  const activityNames = new Map((view.definition.activities ?? []).map((a) => [a.id, a.title ?? a.id]));
  const status = h('p', { class: 'muted small', id: 'figures-status', role: 'status' });
  const body = h('div', { id: 'figures-body' }, h('p', { class: 'muted' }, t('loading')));
  const refresh = () => load(body, status, campaignId, activityNames);
  replace(box, h('div', { class: 'side-head' }, h('h2', {}, t('section.figures')),
    h('button', { type: 'button', class: 'link', id: 'figures-refresh', onclick: refresh }, t('figures.refresh'))),
  status, body);
  let onScreen = true;
  const observer = new IntersectionObserver(([entry]) => { onScreen = entry.isIntersecting; });
  observer.observe(box);
  repeatWhileShown(box, REFRESH_MS, refresh, { skip: () => document.hidden || !onScreen, onGone: () => observer.disconnect() });
  return refresh();
}
