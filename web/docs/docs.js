// The API reference for people: Scalar's page over the OpenAPI document the API serves at /api/openapi.json
// (on the API's origin, from config.json, when the pages are published apart from it).
import { apiUrl } from '../shared/config.js';

const documentUrl = await apiUrl('openapi.json');
window.Scalar.createApiReference('#reference', {
  url: documentUrl,
  servers: [{ url: documentUrl.replace(/\/openapi\.json$/, ''), description: 'This FanRewards API' }],
  // Nothing from elsewhere: no web fonts, no hosted API client.
  withDefaultFonts: false,
  hideClientButton: true,
});
