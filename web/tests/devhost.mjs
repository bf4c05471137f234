// Shared by the browser tests (not a test itself): starts a DevHost on Azurite on a free port (fresh store, seeds
// open now) and Debian's Chromium with an empty profile, and stops both.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const artifacts = path.join(repo, 'web', 'tests', 'artifacts');
// Fixes the DevHost's function key (no route of the app takes one; admins use dev tokens), so a run never makes one up.
export const functionKey = 'web-test-key';
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// dotnet run builds first: on a machine busy with other builds that can take longer (FANREWARDS_DEVHOST_STARTUP_SECONDS).
const startupDeadlineMs = Number(process.env.FANREWARDS_DEVHOST_STARTUP_SECONDS ?? 240) * 1000;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts the DevHost and a browser; returns { baseUrl, context, stop }. */
export async function start({ viewport, locale = 'zh-CN', timezoneId = 'Europe/London' }) {
  const temp = await mkdtemp(path.join(tmpdir(), 'fanrewards-web-'));
  await mkdir(artifacts, { recursive: true });
  const baseUrl = `http://127.0.0.1:${await freePort()}`;
  let log = '';
  const devHost = spawn('dotnet', ['run', '--project', path.join(repo, 'functions', 'FanRewards.DevHost'), '--', '--urls', baseUrl], {
    cwd: repo,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      DevHost__FunctionKey: functionKey,
      DevHost__AzuriteLocation: path.join(temp, 'azurite'),
      DOTNET_CLI_TELEMETRY_OPTOUT: '1',
    },
  });
  const keep = (chunk) => { log = (log + chunk).slice(-20_000); };
  devHost.stdout.on('data', keep);
  devHost.stderr.on('data', keep);

  let context;
  async function stop() {
    await context?.close();
    if (devHost.exitCode === null) {
      const exited = new Promise((resolve) => devHost.once('exit', resolve));
      // The whole process group: dotnet run, the DevHost and the Azurite it started.
      process.kill(-devHost.pid, 'SIGTERM');
      const timer = setTimeout(() => { try { process.kill(-devHost.pid, 'SIGKILL'); } catch { /* gone */ } }, 15_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(temp, { recursive: true, force: true });
  }

  try {
    const deadline = Date.now() + startupDeadlineMs;
    for (;;) {
      if (devHost.exitCode !== null) throw new Error(`The DevHost exited (${devHost.exitCode}):\n${log.slice(-4000)}`);
      if (Date.now() > deadline) throw new Error(`The DevHost was not healthy within ${startupDeadlineMs / 1000} s:\n${log.slice(-4000)}`);
      try {
        const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2000) });
        if (response.ok) break;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    context = await chromium.launchPersistentContext(path.join(temp, 'profile'), {
      executablePath: chromiumPath,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run'],
      viewport,
      locale,
      timezoneId,
    });
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
  return { baseUrl, context, stop };
}

/** A dev token for an entrant id (a member), from the DevHost's token endpoint. */
export async function devToken(baseUrl, sub) {
  const response = await fetch(`${baseUrl}/api/dev/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ sub, member: true }),
  });
  if (response.status !== 200) throw new Error(`dev token for ${sub}: HTTP ${response.status}`);
  return (await response.json()).token;
}

/**
 * Runs axe-core on the page as it is now; returns its violations, one readable line each, split into blocking
 * (serious, critical) and the rest. The pages' CSP (script-src 'self') refuses an injected script tag, so axe's
 * source is evaluated through the DevTools protocol, which CSP does not govern.
 */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.evaluate(await readFile(path.join(repo, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8'));
  }
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
    .map((v) => ({ impact: v.impact, line: `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}` })));
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.line);
  const other = violations.filter((v) => !(v.impact === 'serious' || v.impact === 'critical')).map((v) => v.line);
  return { blocking, other };
}

/** Every admin role (AdminRoles.All): what a test's own admin client holds unless it says otherwise. */
export const allAdminRoles = ['campaign-editor', 'publisher', 'moderator', 'draw-operator', 'fulfilment', 'auditor'];

/** A dev admin token for a person (one name, one person) with roles, from the DevHost's dev admin token endpoint. */
export async function adminToken(baseUrl, name, roles = allAdminRoles) {
  const response = await fetch(`${baseUrl}/api/dev/admin-tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, roles }),
  });
  if (response.status !== 200) throw new Error(`dev admin token for ${name}: HTTP ${response.status}`);
  return (await response.json()).token;
}

const testAdminTokens = new Map();

/**
 * Calls the DevHost's API as a test's own client: an entrant with a token, or an admin (admin: true is "web-test"
 * with every role; a string is that admin token). Returns { status, data } (data: the parsed JSON body, or null).
 */
export async function callApi(baseUrl, method, apiPath, { token, body, admin = false } = {}) {
  const headers = {};
  if (admin === true && !testAdminTokens.has(baseUrl)) testAdminTokens.set(baseUrl, await adminToken(baseUrl, 'web-test'));
  const bearer = admin === true ? testAdminTokens.get(baseUrl) : admin || token;
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${baseUrl}/api/${apiPath}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, data: text ? JSON.parse(text) : null, text };
}

/** callApi that must succeed: fails the test with the method, path, status and body unless the answer is 2xx; returns the body. */
export async function callOk(baseUrl, method, apiPath, options) {
  const { status, data, text } = await callApi(baseUrl, method, apiPath, options);
  if (status < 200 || status >= 300) throw new Error(`${method} ${apiPath}: ${status} ${text}`);
  return data;
}

/**
 * Signs in to the admin console (page at /admin/) through its dev sign-in as name with exactly roles, and waits until
 * the console shows who is signed in.
 */
export async function signInAsAdmin(page, name, roles = allAdminRoles) {
  await page.locator('#dev-sign-in').waitFor();
  await page.fill('#dev-name', name);
  for (const box of await page.locator('#dev-roles input[type="checkbox"]').all()) {
    await box.setChecked(roles.includes(await box.getAttribute('value')));
  }
  await page.click('#dev-sign-in-submit');
  await page.locator('[data-testid="actor"]').filter({ hasText: name }).waitFor();
}

/** Polls until check() returns something truthy and returns it; fails after timeoutMs. */
export async function pollUntil(what, check, { timeoutMs, intervalMs = 500 }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result) return result;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A local time in Asia/Shanghai (no daylight saving), as the API and the editor take schedule times: 2026-11-28T21:05:00. */
export const shanghaiLocal = (ms) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19);

/**
 * Runs a browser test's steps on page while watching it: a failure gets a screenshot (shot('failure')) and the page's
 * script errors in its message; afterwards nothing may have been fetched from outside the DevHost (data: and blob:
 * are the page's own) and no script error may have happened. Returns every URL the page asked for.
 */
export async function runWatched(page, baseUrl, shot, steps) {
  const urls = [];
  const pageErrors = [];
  page.on('request', (request) => urls.push(request.url()));
  page.on('pageerror', (error) => pageErrors.push(error.message));
  try {
    await steps();
  } catch (error) {
    await shot('failure').catch(() => {});
    error.message += `\nPage errors: ${JSON.stringify(pageErrors)}\nAt: ${page.url()}`;
    throw error;
  }
  assert.deepEqual(urls.filter((url) => !url.startsWith(baseUrl) && !/^(data|blob):/.test(url)), [],
    'nothing is fetched from outside the DevHost');
  assert.deepEqual(pageErrors, []);
  return urls;
}
