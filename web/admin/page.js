// What the admin console's screens share: the page's regions, the state of the open campaign and the one the
// address names.

import { t } from './i18n.js';
import { showTimesIn, formatTime } from './ui.js';

export const app = document.getElementById('app');
export const side = document.getElementById('side');

export const state = {
  campaigns: null,
  view: null, // the AdminCampaignView of the selected campaign
  etag: null,
  errors: null, // the problems shown next to the fields (fieldErrors), kept with their codes to be reworded on a language switch
  draft: null, // the lists being edited ({ prizes, activities, draws, riddles, candidates }), kept across a language switch
};

/** The campaign the address names (#/c/<id>), or null for none. */
export const campaignIdFromHash = () => (location.hash.match(/^#\/c\/([a-z0-9-]{1,64})$/) ?? [])[1] ?? null;

/** Keeps the campaign the server returned, with its ETag for the next If-Match. */
export function setCampaign(view, etag) {
  state.view = view;
  // The view carries its ETag too: from another origin the header is hidden (CORS exposes few response headers).
  state.etag = etag ?? view.eTag;
  showTimesIn(view.definition?.timeZone);
  const version = app.querySelector('#etag');
  if (version) version.textContent = versionText(view);
}

/** "版本 3": the count of saved changes; a campaign from before versions were counted shows when it was last saved. */
export const versionText = (view) => (view.version > 0 ? t('version', { n: view.version }) : t('version.savedAt', { time: formatTime(view.updatedAt) }));
