// The campaign page: the editor and lifecycle, and the cards of draws.js, prizes.js (vouchers, awards),
// figures.js, moderation.js, approvals.js (four eyes), data-access.js (the auditor's) and audit.js; a draft is mostly
// its editor, a live campaign its cards.

import { t } from '../i18n.js';
import { h, replace } from '../../shared/dom.js';
import { api } from '../api.js';
import { handle } from '../ui.js';
import { app, state, setCampaign } from '../page.js';
import { renderEditor } from './campaign-editor.js';
import { renderLifecycle } from './lifecycle.js';
import { renderDraws } from './draws.js';
import { renderVouchers, renderAwards } from './prizes.js';
import { renderFigures } from './figures.js';
import { renderModeration } from './moderation.js';
import { renderAudit } from './audit.js';
import { renderFraudReview } from './fraud-review.js';
import { renderApprovals } from './approvals.js';
import { renderDataAccess } from './data-access.js';
import { can } from '../session.js';

/** Draws the open campaign (state.view) again, as it is now. */
export function renderCampaign() {
  const view = state.view;
  const id = view.definition.id;
  const section = (sectionId) => h('section', { class: 'card', id: sectionId });
  const [figures, draws, awards, vouchers, moderation, audit, approvals, dataAccess] =
    ['figures-section', 'draws-section', 'awards-section', 'vouchers-section', 'moderation-section', 'audit-section',
      'approvals-section', 'data-access-section'].map(section);
  // Only the auditor reads who exported personal data.
  const access = can('auditor') ? dataAccess : null;
  // A draft is mostly its editor; once published the settings are locked and the live cards come first.
  const live = view.lifecycle !== 'draft';
  const editor = renderEditor(view, { onReload: () => openCampaign(id) });
  const lifecycle = renderLifecycle(view, { rerender: renderCampaign });
  const [main, aside] = live
    ? [[lifecycle, approvals, draws, awards, figures, audit, access], [vouchers, moderation, editor]]
    : [[editor], [lifecycle, approvals, vouchers, draws, moderation, audit, access]];
  replace(app,
    h('h1', { id: 'campaign-title' }, view.definition.title ?? id, ' ', h('code', { class: 'small' }, id)),
    h('ul', { id: 'general-errors', class: 'field-errors', 'aria-live': 'polite' }),
    h('div', { class: `columns${live ? ' live' : ''}` }, h('div', { class: 'main-col' }, main), h('div', { class: 'aside-col' }, aside)));
  const refreshAwards = live ? renderAwards(awards, view) : null;
  if (live) renderFigures(figures, view);
  renderVouchers(vouchers, view);
  const drawNames = new Map((view.definition.schedule?.draws ?? []).map((draw) => [draw.id, draw.name]));
  const showApprovals = () => renderApprovals(approvals, id, { drawNames, onDecided: () => openCampaign(id) });
  // A finished draw has just written its awards; a run asked for with four eyes waits in the approvals card.
  renderDraws(draws, id, { onDrawn: () => refreshAwards?.(), onApprovalRequested: showApprovals });
  showApprovals();
  renderModeration(moderation, id);
  renderAudit(audit, id, drawNames);
  if (access) renderDataAccess(access, id);
  // Fraud review before the seal: a card of its own below the others (fraud-review.js).
  if (live) {
    const fraud = section('fraud-section');
    app.querySelector('.main-col').append(fraud);
    renderFraudReview(fraud, id);
  }
}

/** Fetches a campaign, forgetting the previous one's draft and problems, and draws it. */
export async function openCampaign(id) {
  state.errors = null;
  state.draft = null;
  replace(app, h('p', { class: 'muted' }, t('loading')));
  try {
    const { data, etag } = await api.campaign(id);
    setCampaign(data, etag);
  } catch (error) {
    const note = h('p', { role: 'alert' });
    replace(app, note);
    handle(error, note);
    return;
  }
  renderCampaign();
}
