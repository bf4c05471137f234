// The draws of a campaign: state and shard progress (polled every 2 s while a draw seals or runs), run now, the seal
// and the witnesses (draw-witnesses.js), and once drawn the winners, the proof (the seed checked against its
// commitment right here) and the winners CSV.

import { t } from '../i18n.js';
import { h, replace } from '../../shared/dom.js';
import { api } from '../api.js';
import { handle, feedback, formatTime, formatNumber, repeatWhileShown, redraw, label } from '../ui.js';
import { can } from '../session.js';
import { drawSeal, waitingNote } from './draw-witnesses.js';
import { askReason } from './export-reason.js';
import { alternatesHeld, drawTitle } from '../draw-text.js';


const POLL_MS = 2_000;
/** A draw of millions of entries takes a few minutes; stop polling after ten and let the admin press refresh. */
const POLL_DEADLINE_MS = 600_000;

async function sha256Hex(hex) {
  const bytes = new Uint8Array(hex.match(/../g).map((pair) => parseInt(pair, 16)));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Run now: a draw not sealed yet (it is sealed first), or a sealed one no witness holds up. */
const mayRun = (draw) => draw.state === 'scheduled' || (draw.state === 'sealed' && (draw.waitingFor ?? []).length === 0);

/** A draw the server is about to move on by itself: sealing, running, or sealed with nothing to wait for at its time. */
const moving = (draw) => draw.state === 'sealing' || draw.state === 'running'
  || (draw.state === 'sealed' && (draw.waitingFor ?? []).length === 0 && Date.now() >= Date.parse(draw.at));

function drawRow(campaignId, draw, { run, reasonPlace }) {
  return h('tr', { 'data-draw': draw.drawId, 'data-state': draw.state },
    h('td', {}, drawTitle(draw), draw.drawName ? [' ', h('code', { class: 'small' }, draw.drawId)] : null),
    h('td', { class: 'nowrap' }, h('span', { 'data-testid': `draw-state-${draw.drawId}` }, label('drawState', draw.state)), waitingNote(draw)),
    h('td', { class: 'nowrap' }, formatTime(draw.at)),
    h('td', { class: 'nowrap' },
      h('progress', { max: draw.shards, value: draw.shardsDone, 'aria-label': t('draws.shardsOf', { id: draw.drawId }) }),
      ` ${draw.shardsDone} / ${draw.shards}`),
    h('td', { class: 'number' }, formatNumber(draw.entryCount ?? draw.eligibleSoFar)),
    h('td', { class: 'actions' },
      can('draw-operator') ? h('button', { type: 'button', 'data-run': draw.drawId, disabled: !mayRun(draw), onclick: () => run(draw) },
        t('draws.run')) : null,
      h('a', { href: api.proofUrl(campaignId, draw.drawId), target: '_blank', rel: 'noopener', 'data-proof': draw.drawId },
        t('draws.proofJson')),
      can('fulfilment') ? h('button', { type: 'button', class: 'link', 'data-csv': draw.drawId, disabled: draw.state !== 'drawn',
        onclick: () => askReason(reasonPlace, {
          fileName: `${campaignId}-${draw.drawId}-winners.csv`,
          fetch: async (reason) => (await api.winnersCsv(campaignId, draw.drawId, reason)).data,
        }) }, t('draws.csv')) : null));
}

/** The proof of a drawn draw: what anyone can recompute, with the seed's commitment checked in the browser. */
async function proofBlock(proof) {
  const matches = proof.seed && (await sha256Hex(proof.seed)) === proof.commitment;
  const item = (key, value, testId) => [h('dt', {}, t(key)), h('dd', { 'data-testid': testId }, value)];
  return h('dl', { class: 'proof', 'data-proof-of': proof.drawId },
    item('proof.commitment', h('code', {}, proof.commitment), 'proof-commitment'),
    item('proof.seed', h('code', {}, proof.seed ?? '—'), 'proof-seed'),
    item('proof.check', h('span', { class: matches ? 'good' : 'bad' }, t(matches ? 'proof.matches' : 'proof.mismatch')), 'proof-check'),
    item('proof.digest', h('code', {}, proof.entrySetDigest ?? '—'), 'proof-digest'),
    item('proof.entries', formatNumber(proof.entryCount), 'proof-entries'),
    item('proof.winners', t('proof.winnersValue', { winners: proof.winners, alternates: alternatesHeld(proof) }), 'proof-winners'),
    item('proof.drawnAt', formatTime(proof.drawnAt), 'proof-drawn-at'),
    proof.passes?.length ? item('proof.passes', h('ul', { class: 'plain' }, proof.passes.map((pass) =>
      h('li', {}, t('proof.pass', { prize: pass.prizeId, rank: pass.toRank, time: formatTime(pass.at) }),
        pass.reason ? ` (${label('passReason', pass.reason)})` : ''))), 'proof-passes') : null);
}

function winnersTable(drawWinners) {
  return h('table', { class: 'winners', 'data-winners-of': drawWinners.drawId },
    h('caption', {}, t('winners.caption', { id: drawTitle(drawWinners) })),
    h('thead', {}, h('tr', {}, ['winners.tier', 'winners.rank', 'winners.who', 'winners.status']
      .map((key) => h('th', { scope: 'col' }, t(key))))),
    h('tbody', {}, drawWinners.tiers.flatMap((tier) => tier.winners.map((winner) => h('tr', { 'data-rank': winner.rank },
      h('td', {}, tier.prizeName ?? tier.prizeId),
      h('td', { class: 'number' }, String(winner.rank)),
      h('td', {}, winner.name ? `${winner.name} ${winner.phone ?? ''}` : '—'),
      h('td', {}, winner.status ? label('award', winner.status) : '',
        winner.passedFromRank ? ` ${t('winners.passedFrom', { rank: winner.passedFromRank })}` : ''))))));
}

/**
 * Shows the results of the drawn draws; false while one of them is not shown yet. The public proof and winners may lag
 * the admin's status by their few seconds of caching: a proof not drawn there yet is left out and asked for again.
 */
async function renderResults(resultsBox, campaignId, drawnIds, note) {
  if (drawnIds.length === 0) {
    resultsBox.replaceChildren();
    return true;
  }
  try {
    const [winners, ...answers] = await Promise.all([api.winners(campaignId), ...drawnIds.map((id) => api.proof(campaignId, id))]);
    const proofs = answers.filter(({ data: proof }) => proof?.state === 'drawn');
    const blocks = await Promise.all(proofs.map(async ({ data: proof }) => h('section', { class: 'draw-result', 'data-result': proof.drawId },
      h('h3', {}, t('draws.resultOf', { id: drawTitle(proof) })),
      await proofBlock(proof),
      (winners.data ?? []).filter((w) => w.drawId === proof.drawId).map(winnersTable))));
    replace(resultsBox, blocks);
    const published = new Set((winners.data ?? []).map((w) => w.drawId));
    return proofs.length === drawnIds.length && drawnIds.every((id) => published.has(id));
  } catch (error) {
    handle(error, note);
    return false;
  }
}

/**
 * The draws card; keeps itself current while a draw runs (or was just asked to run), then shows its result.
 * onDrawn is called when a draw finishes while the card is shown.
 */
export function renderDraws(box, campaignId, { onDrawn = () => {}, onApprovalRequested = () => {} } = {}) {
  // Focusable from script only: the run button it answers is disabled (and so loses the focus) once the draw starts.
  const note = h('p', { id: 'draws-feedback', role: 'status', tabindex: -1 });
  const body = h('div', {}, h('p', { class: 'muted' }, t('loading')));
  const results = h('div', { id: 'draw-results' });
  const reasonPlace = h('div', { id: 'draws-export' });
  const requested = new Set(); // asked to run: still "scheduled" until the queue picks the start step up
  let stopPolling = null;
  let shownResults = null; // the drawn draws whose results are shown, as 'id,id'
  let resultsLag = false; // a drawn draw's public proof or winners not there yet: ask again at the next poll

  /** again: redraw the results even if no draw finished since (the refresh button: prizes may have passed on). */
  async function refresh(again = false) {
    let draws;
    try {
      draws = (await api.draws(campaignId)).data ?? [];
    } catch (error) {
      handle(error, note);
      return undefined; // a passing network problem: a running poll tries again
    }
    if (draws.length === 0) {
      replace(body, h('p', { class: 'muted' }, t('draws.none')));
      return false;
    }
    const reload = (message) => {
      if (message) feedback(note, true, message);
      return refresh();
    };
    redraw(body, h('table', { id: 'draws' },
      h('thead', {}, h('tr', {}, ['draws.id', 'draws.state', 'draws.at', 'draws.shards', 'draws.eligible', 'draws.actions']
        .map((key) => h('th', { scope: 'col' }, t(key))))),
      h('tbody', {}, draws.map((draw) => drawRow(campaignId, draw, { run, reasonPlace })))),
    draws.map((draw) => drawSeal(campaignId, draw, reload)));
    // Drawn, or sealed and held up by a witness: either way no longer the server's move.
    for (const draw of draws) {
      if (draw.state === 'drawn' || (draw.state === 'sealed' && (draw.waitingFor ?? []).length > 0)) requested.delete(draw.drawId);
    }
    const drawnIds = draws.filter((draw) => draw.state === 'drawn').map((draw) => draw.drawId);
    if (again || resultsLag || drawnIds.join() !== shownResults) {
      const firstLook = shownResults === null;
      const newlyDrawn = drawnIds.join() !== shownResults;
      shownResults = drawnIds.join();
      resultsLag = !(await renderResults(results, campaignId, drawnIds, note));
      if (!firstLook && !again && newlyDrawn) onDrawn();
    }
    const busy = requested.size > 0 || resultsLag || draws.some(moving);
    if (busy && !stopPolling) {
      stopPolling = repeatWhileShown(box, POLL_MS, () => refresh(), { deadlineMs: POLL_DEADLINE_MS, onGone: () => { stopPolling = null; } });
    }
    if (!busy && stopPolling) {
      stopPolling();
      stopPolling = null;
    }
    return busy;
  }

  async function run(draw) {
    try {
      // Both answers are 202: a run started (the draw's status) or, with four eyes, an approval (it has an action).
      const { data } = await api.runDraw(campaignId, draw.drawId);
      if (data?.action === 'run-draw') {
        // Four eyes: a second draw operator approves it (the approvals card).
        feedback(note, true, t('fourEyes.waiting'));
        onApprovalRequested();
      } else {
        requested.add(draw.drawId);
        feedback(note, true, t('draws.ran', { id: drawTitle(draw) }));
      }
    } catch (error) {
      handle(error, note);
    }
    await refresh();
    if (!box.contains(document.activeElement)) note.focus();
  }

  replace(box, h('div', { class: 'side-head' }, h('h2', {}, t('section.draws')),
    h('button', { type: 'button', class: 'link', id: 'draws-refresh', onclick: () => refresh(true) }, t('draws.refresh'))),
  body, note, reasonPlace, results);
  return refresh();
}
