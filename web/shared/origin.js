// The one rule for an origin an operator writes down (config.json, web/publish.mjs): an exact http(s) origin, a
// trailing slash forgiven; no path, no wildcard (an entry with either would silently never match).

/** The origin of entry when it is exactly one, else null. */
export function exactOrigin(entry) {
  try {
    const url = new URL(entry);
    const plainHost = /^[a-z0-9.-]+(:\d+)?$/i.test(url.host);
    return ['https:', 'http:'].includes(url.protocol) && plainHost && entry.replace(/\/$/, '') === url.origin ? url.origin : null;
  } catch {
    return null;
  }
}
