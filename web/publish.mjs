#!/usr/bin/env node
// Prepares the web pages for a static host (the storage account's static website): copies entrant/, admin/, docs/
// (the API reference, with the pinned Scalar bundle from node_modules) and shared/ to an output folder, writes each page's config.json, and lets the pages' Content-Security-Policy connect to
// the API's origin, which differs from the site's there. Nothing is compiled: the pages are served as written.
//
//   node web/publish.mjs --out <folder> --api <https://api origin> [--host-origin <https://host app origin>]...
//     [--tenant-id <id> --client-id <SPA app id> --api-scope <api://…/scope> [--authority <https://…>]]
//
// With the sign-in options, or else the auth block of web/admin/config.json (infra/hooks/admin-console.sh writes it),
// the admin console signs in with Microsoft Entra ID (MSAL.js, copied from node_modules into admin/vendor/) and its CSP
// may connect to the authority's origin.
//
// Then upload the folder (README, Deploy to Azure). Without --api the pages call the API on their own origin.

import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { exactOrigin } from './shared/origin.js';

const webRoot = path.dirname(fileURLToPath(import.meta.url));
const folders = ['entrant', 'admin', 'docs', 'shared'];
const msalBundle = path.join(webRoot, '..', 'node_modules', '@azure', 'msal-browser', 'lib', 'msal-browser.min.js');
// Scalar's single-file build, pinned in package.json; the DevHost serves the same file at /docs/vendor/.
const referenceBundle = path.join(webRoot, '..', 'node_modules', '@scalar', 'api-reference', 'dist', 'browser', 'standalone.js');

/** An exact http(s) origin, or an error naming the option: a path or a wildcard would silently not match. */
function origin(value, option) {
  const exact = exactOrigin(value);
  if (exact) return exact;
  try {
    new URL(value);
  } catch {
    throw new Error(`${option}: "${value}" is not a URL.`);
  }
  throw new Error(`${option}: "${value}" must be an origin such as https://api.example.org (no path).`);
}

/** Adds the API origin to connect-src of the page's CSP meta tag. */
export function allowApiInCsp(html, apiOrigin) {
  const csp = /(<meta http-equiv="Content-Security-Policy" content="[^"]*connect-src 'self')/;
  if (!csp.test(html)) throw new Error('The page has no CSP with connect-src \'self\' to extend.');
  return apiOrigin ? html.replace(csp, `$1 ${apiOrigin}`) : html;
}

/** The admin console's sign-in settings; authority defaults to the tenant's on the Microsoft identity platform. */
function signIn({ tenantId = '', clientId = '', apiScope = '', authority = '' }) {
  if (!clientId) return { auth: { tenantId: '', clientId: '', apiScope: '', authority: '' }, authorityOrigin: '' };
  if (!apiScope || !(tenantId || authority)) throw new Error('--client-id needs --api-scope and --tenant-id (or --authority).');
  const url = authority || `https://login.microsoftonline.com/${encodeURIComponent(tenantId)}`;
  if (!url.startsWith('https://')) throw new Error(`--authority: "${authority}" must be an https URL.`);
  return { auth: { tenantId, clientId, apiScope, authority: url }, authorityOrigin: new URL(url).origin };
}

/**
 * adminConfigFile: the console's config.json to start from; its auth block (which infra/hooks/admin-console.sh writes)
 * is the sign-in unless the options name a client.
 */
export async function publish({ out, api = '', hostOrigins = [], auth: signInOptions = {},
  adminConfigFile = path.join(webRoot, 'admin', 'config.json') }) {
  const apiBaseUrl = api ? origin(api, '--api') : '';
  const adminConfig = JSON.parse(await readFile(adminConfigFile, 'utf8'));
  const { auth, authorityOrigin } = signIn(signInOptions.clientId ? signInOptions : (adminConfig.auth ?? {}));
  const hosts = hostOrigins.map((h) => origin(h, '--host-origin'));
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  for (const folder of folders) await cp(path.join(webRoot, folder), path.join(out, folder), { recursive: true });
  // The admin console's sign-in library, served from the site itself (never a CDN): the version package.json pins.
  await mkdir(path.join(out, 'admin', 'vendor'), { recursive: true });
  await cp(msalBundle, path.join(out, 'admin', 'vendor', 'msal-browser.min.js'));

  const entrantConfig = JSON.parse(await readFile(path.join(webRoot, 'entrant', 'config.json'), 'utf8'));
  await writeFile(path.join(out, 'entrant', 'config.json'),
    `${JSON.stringify({ ...entrantConfig, apiBaseUrl, hostOrigins: hosts }, null, 2)}\n`);
  await writeFile(path.join(out, 'admin', 'config.json'), `${JSON.stringify({ ...adminConfig, apiBaseUrl, auth }, null, 2)}\n`);
  const connectTo = { entrant: apiBaseUrl, admin: [apiBaseUrl, authorityOrigin].filter(Boolean).join(' ') };
  const docsConfig = JSON.parse(await readFile(path.join(webRoot, 'docs', 'config.json'), 'utf8'));
  await writeFile(path.join(out, 'docs', 'config.json'), `${JSON.stringify({ ...docsConfig, apiBaseUrl }, null, 2)}\n`);
  await mkdir(path.join(out, 'docs', 'vendor'), { recursive: true });
  await cp(referenceBundle, path.join(out, 'docs', 'vendor', 'scalar-api-reference.js'));
  connectTo.docs = apiBaseUrl;
  for (const page of ['entrant', 'admin', 'docs']) {
    const file = path.join(out, page, 'index.html');
    await writeFile(file, allowApiInCsp(await readFile(file, 'utf8'), connectTo[page]));
  }
  // The site's root sends people to the entrant page, as the DevHost does.
  await writeFile(path.join(out, 'index.html'),
    '<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0; url=entrant/"><a href="entrant/">FanRewards</a>\n');
  return { out, apiBaseUrl, hostOrigins: hosts };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const { values } = parseArgs({
      options: { out: { type: 'string' }, api: { type: 'string' }, 'host-origin': { type: 'string', multiple: true },
        'tenant-id': { type: 'string' }, 'client-id': { type: 'string' }, 'api-scope': { type: 'string' }, authority: { type: 'string' } },
    });
    if (!values.out) throw new Error('--out <folder> is required.');
    const done = await publish({ out: path.resolve(values.out), api: values.api, hostOrigins: values['host-origin'] ?? [],
      auth: { tenantId: values['tenant-id'], clientId: values['client-id'], apiScope: values['api-scope'], authority: values.authority } });
    console.log(`Pages ready in ${done.out} (API: ${done.apiBaseUrl || 'same origin'}; host apps: ${done.hostOrigins.join(', ') || 'none'}).`);
  } catch (error) {
    console.error(error.message);
    process.exit(2);
  }
}
