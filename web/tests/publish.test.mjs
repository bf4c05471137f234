// web/publish.mjs: the folder a static host gets (no browser needed; entrant.test.mjs opens such a folder in one).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { publish } from '../publish.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function withFolder(run) {
  const out = await mkdtemp(path.join(tmpdir(), 'fanrewards-publish-'));
  try {
    await run(out);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

const json = async (file) => JSON.parse(await readFile(file, 'utf8'));
const csp = (html) => html.match(/http-equiv="Content-Security-Policy" content="([^"]*)"/)[1];

test('the pages get the API origin and host apps in their config, and their CSP lets them connect to the API only', async () => {
  await withFolder(async (out) => {
    await publish({ out, api: 'https://fanrewards-api.azurewebsites.net/', hostOrigins: ['https://app.union.example'] });

    const entrant = await json(path.join(out, 'entrant', 'config.json'));
    assert.equal(entrant.apiBaseUrl, 'https://fanrewards-api.azurewebsites.net');
    assert.deepEqual(entrant.hostOrigins, ['https://app.union.example']);
    assert.equal((await json(path.join(out, 'admin', 'config.json'))).apiBaseUrl, 'https://fanrewards-api.azurewebsites.net');
    for (const page of ['entrant', 'admin']) {
      const policy = csp(await readFile(path.join(out, page, 'index.html'), 'utf8'));
      assert.match(policy, /connect-src 'self' https:\/\/fanrewards-api\.azurewebsites\.net;/);
      assert.match(policy, /script-src 'self';/);
    }
    await access(path.join(out, 'shared', 'config.js'));
    await access(path.join(out, 'index.html'));
    await assert.rejects(access(path.join(out, 'tests')), 'the browser tests are not published');
  });
});

test('the admin console gets MSAL.js beside it and, with sign-in options, its settings and the authority in its CSP', async () => {
  await withFolder(async (out) => {
    await publish({ out, api: 'https://fanrewards-api.azurewebsites.net',
      auth: { tenantId: 'contoso-tenant', clientId: 'spa-client', apiScope: 'api://fanrewards-api/access_as_admin' } });
    const bundle = await readFile(path.join(out, 'admin', 'vendor', 'msal-browser.min.js'), 'utf8');
    const pinned = JSON.parse(await readFile(path.join(repo, 'package.json'), 'utf8')).dependencies['@azure/msal-browser'];
    assert.match(bundle.slice(0, 200), new RegExp(`@azure/msal-browser v${pinned.replace(/\./g, '\\.')}`), 'the pinned version');
    assert.deepEqual((await json(path.join(out, 'admin', 'config.json'))).auth, { tenantId: 'contoso-tenant', clientId: 'spa-client',
      apiScope: 'api://fanrewards-api/access_as_admin', authority: 'https://login.microsoftonline.com/contoso-tenant' });
    assert.match(csp(await readFile(path.join(out, 'admin', 'index.html'), 'utf8')),
      /connect-src 'self' https:\/\/fanrewards-api\.azurewebsites\.net https:\/\/login\.microsoftonline\.com;/);
    assert.match(csp(await readFile(path.join(out, 'entrant', 'index.html'), 'utf8')), /connect-src 'self' https:\/\/fanrewards-api\.azurewebsites\.net;/);
    await assert.rejects(publish({ out, auth: { clientId: 'spa-client' } }), /--api-scope/);
  });
});

test('without sign-in options the console keeps the auth block that infra/hooks/admin-console.sh wrote into its config.json', async () => {
  await withFolder(async (out) => {
    const written = { tenantId: 'contoso-tenant', clientId: 'spa-client', apiScope: 'api://fanrewards-api/admin',
      authority: 'https://login.microsoftonline.com/contoso-tenant' };
    const adminConfigFile = path.join(out, 'hook-config.json');
    await writeFile(adminConfigFile, JSON.stringify({ apiBaseUrl: '', auth: written }));
    const site = path.join(out, 'site');

    await publish({ out: site, api: 'https://fanrewards-api.azurewebsites.net', adminConfigFile });

    assert.deepEqual((await json(path.join(site, 'admin', 'config.json'))).auth, written);
    assert.match(csp(await readFile(path.join(site, 'admin', 'index.html'), 'utf8')),
      /connect-src 'self' https:\/\/fanrewards-api\.azurewebsites\.net https:\/\/login\.microsoftonline\.com;/);
    // Options given on the command line still win over the file.
    await publish({ out: site, adminConfigFile, auth: { tenantId: 'other', clientId: 'other-spa', apiScope: 'api://other/admin' } });
    assert.equal((await json(path.join(site, 'admin', 'config.json'))).auth.clientId, 'other-spa');
  });
});

test('without an API origin the pages keep calling their own origin', async () => {
  await withFolder(async (out) => {
    await publish({ out });
    assert.equal((await json(path.join(out, 'entrant', 'config.json'))).apiBaseUrl, '');
    assert.match(csp(await readFile(path.join(out, 'admin', 'index.html'), 'utf8')), /connect-src 'self';/);
  });
});

test('an API or host given with a path or a wildcard is refused, not silently ignored', async () => {
  await withFolder(async (out) => {
    await assert.rejects(publish({ out, api: 'https://api.example/api' }), /--api.*no path/);
    await assert.rejects(publish({ out, hostOrigins: ['https://*.union.example'] }), /--host-origin/);
    await assert.rejects(publish({ out, api: 'not a url' }), /not a URL/);
  });
});
