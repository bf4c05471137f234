// The fraud review before the seal (GET …/suspicious): clusters with their evidence, a chart of entries per minute
// by network for the worst ones (SVG drawn here, nothing fetched), and disqualifying a cluster or a selection of it
// with a reason (POST …/disqualifications). Entrants are shown masked; the server never sends their ids.

import { h, replace } from '../../shared/dom.js';
import { call } from '../api.js';
import { feedback, handle, formatTime } from '../ui.js';
import { t } from '../i18n.js';
import { tf } from './fraud-i18n.js';

const SVG = 'http://www.w3.org/2000/svg';
const CHARTED = 3;
const COLOURS = ['#c0392b', '#2c6fbb', '#8e44ad'];
const path = (campaignId) => `manage/campaigns/${encodeURIComponent(campaignId)}`;

function svg(tag, attrs = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  element.append(...children);
  return element;
}

export async function renderFraudReview(box, campaignId) {
  const note = h('p', { id: 'fraud-feedback', role: 'status' });
  const body = h('div', {}, h('p', { class: 'muted' }, t('loading')));
  replace(box, h('h2', {}, tf('title')), body, note);
  let report;
  try {
    report = (await call('GET', `${path(campaignId)}/suspicious`)).data;
  } catch (error) {
    handle(error, note);
    body.replaceChildren();
    return;
  }
  const summary = h('p', { class: 'muted small', 'data-testid': 'fraud-summary' },
    tf('summary', { entries: report.entriesRead, flagged: report.entrantsFlagged, time: formatTime(report.reviewedAt) }));
  if (report.clusters.length === 0) {
    replace(body, summary, h('p', { class: 'muted', 'data-testid': 'fraud-none' }, tf('none')));
    return;
  }
  replace(body, summary, chart(report.clusters), h('div', { id: 'fraud-clusters' },
    report.clusters.map((cluster) => clusterCard(cluster, campaignId, box, note))));
}

/** One line per worst cluster that is about a network: entries per minute over the span they share. */
function chart(clusters) {
  const charted = clusters.filter((c) => c.network).slice(0, CHARTED);
  if (charted.length === 0) return null;
  const times = charted.flatMap((c) => c.evidence.perMinute.map((p) => Date.parse(p.at)));
  // A minute either side, so a burst within one minute still shows as a point with room around it.
  const [from, to] = [Math.min(...times) - 60_000, Math.max(...times) + 60_000];
  const peak = Math.max(...charted.flatMap((c) => c.evidence.perMinute.map((p) => p.count)));
  const [width, height, pad] = [480, 160, 28];
  const x = (ms) => pad + ((ms - from) / (to - from)) * (width - 2 * pad);
  const y = (count) => height - pad - (count / peak) * (height - 2 * pad);
  const lines = charted.map((cluster, i) => svg('polyline', {
    fill: 'none', stroke: COLOURS[i], 'stroke-width': 2, 'data-network': cluster.network,
    points: cluster.evidence.perMinute.map((p) => `${x(Date.parse(p.at)).toFixed(1)},${y(p.count).toFixed(1)}`).join(' '),
  }));
  const dots = charted.flatMap((cluster, i) => cluster.evidence.perMinute.map((p) =>
    svg('circle', { cx: x(Date.parse(p.at)).toFixed(1), cy: y(p.count).toFixed(1), r: 3 + i, fill: 'none', stroke: COLOURS[i] })));
  const axes = svg('path', { d: `M${pad},${pad / 2} V${height - pad} H${width - pad}`, stroke: '#555', fill: 'none' });
  const labels = [
    svg('text', { x: 2, y: pad, 'font-size': 11 }, String(peak)),
    svg('text', { x: pad, y: height - 8, 'font-size': 11 }, formatTime(new Date(from).toISOString())),
    svg('text', { x: width - pad, y: height - 8, 'font-size': 11, 'text-anchor': 'end' }, formatTime(new Date(to).toISOString())),
  ];
  const series = charted.map((c) => tf('network', { network: c.network.slice(0, 8) })).join(', ');
  const figure = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': tf('chartLabel', { series }),
    id: 'fraud-chart', width: '100%' }, axes, ...labels, ...lines, ...dots);
  const legend = h('ul', { class: 'plain small' }, charted.map((c, i) =>
    h('li', {}, h('span', { style: `color:${COLOURS[i]}` }, '■ '), tf('network', { network: c.network.slice(0, 8) }),
      ' · ', tf(`kind.${c.kind}`))));
  return h('figure', {}, h('figcaption', {}, tf('chartTitle')), figure, legend);
}

function clusterCard(cluster, campaignId, box, note) {
  const e = cluster.evidence;
  const boxes = cluster.entrants.map((entrant) => h('input', { type: 'checkbox', 'data-pseudonym': entrant.pseudonym,
    'aria-label': `${entrant.pseudonym} ${entrant.entrant}` }));
  const all = h('input', { type: 'checkbox', 'data-select-all': cluster.id,
    onchange: () => boxes.forEach((b) => { b.checked = all.checked; }) });
  const reason = h('input', { type: 'text', maxlength: 500, 'data-reason': cluster.id, 'aria-label': tf('reason') });
  const disqualify = async () => {
    const pseudonyms = boxes.filter((b) => b.checked).map((b) => b.dataset.pseudonym);
    if (pseudonyms.length === 0) return feedback(note, false, tf('noneSelected'));
    if (!reason.value.trim()) return feedback(note, false, tf('reasonRequired'));
    try {
      const body = all.checked ? { clusterId: cluster.id, reason: reason.value } : { clusterId: cluster.id, pseudonyms, reason: reason.value };
      const { data } = await call('POST', `${path(campaignId)}/disqualifications`, { body });
      await renderFraudReview(box, campaignId);
      feedback(box.querySelector('#fraud-feedback'), true, tf('done', { count: data.disqualified }));
    } catch (error) {
      handle(error, note);
    }
    return undefined;
  };
  const about = [cluster.network && tf('network', { network: cluster.network.slice(0, 8) }),
    cluster.candidateId && tf('candidate', { candidate: cluster.candidateId }), cluster.activityId].filter(Boolean).join(' · ');
  return h('details', { class: 'cluster', 'data-cluster': cluster.id, 'data-kind': cluster.kind },
    h('summary', {}, h('strong', {}, tf(`kind.${cluster.kind}`)), ' — ',
      tf('evidence', { entrants: e.entrants, entries: e.entries, first: formatTime(e.first), last: formatTime(e.last) })),
    h('p', { class: 'muted small' }, about, about ? ' · ' : '', e.detail),
    h('label', {}, all, ' ', tf('selectAll')),
    h('p', { class: 'small' }, tf('entrants')),
    h('ul', { class: 'plain small entrants' }, cluster.entrants.map((entrant, i) =>
      h('li', {}, h('label', {}, boxes[i], ' ', h('code', {}, entrant.pseudonym), ' · ', entrant.entrant, ' · ', formatTime(entrant.at))))),
    h('label', {}, tf('reason'), ' ', reason),
    h('div', { class: 'actions' }, h('button', { type: 'button', 'data-disqualify': cluster.id, onclick: disqualify }, tf('disqualify'))));
}
