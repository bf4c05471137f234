#!/usr/bin/env node
// Takes the OpenAPI document's examples from real answers: the JSON lines that the end-to-end tests' validating client
// (tests/FanRewards.Testing/OpenApi/OpenApiValidatingHandler.cs) appends to $FANREWARDS_OPENAPI_RECORD. For each
// operation, status and media type it writes the first answer recorded as the example named "recorded", replacing the
// one before, so a rerun after a change of the API renews them. Long lists keep their first two items.
//
//   node tools/openapi-examples.mjs <records.jsonl> [document]     (tools/openapi-examples.sh runs the tests first)

import { readFile, writeFile } from 'node:fs/promises';

const [recordsFile, documentFile = 'functions/FanRewards.Functions/OpenApi/openapi.json'] = process.argv.slice(2);
if (!recordsFile) {
  console.error('Usage: node tools/openapi-examples.mjs <records.jsonl> [openapi.json]');
  process.exit(2);
}

/** Keeps an example readable: lists cut to two items at any depth, a CSV to its header and two rows. */
function shorten(value) {
  if (typeof value === 'string' && value.includes('\n')) return `${value.split('\n').slice(0, 3).join('\n')}\n`;
  if (Array.isArray(value)) return value.slice(0, 2).map(shorten);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shorten(v)]));
  return value;
}

/** The document itself is its own answer: its example names only what identifies it. */
function forExample(operationId, body) {
  if (operationId === 'GetOpenApiDocument') return { openapi: body.openapi, info: { title: body.info.title, version: body.info.version }, paths: {} };
  return shorten(body);
}

const document = JSON.parse(await readFile(documentFile, 'utf8'));
const operations = new Map();
for (const item of Object.values(document.paths)) for (const operation of Object.values(item)) operations.set(operation.operationId, operation);
const responses = document.components.responses;

const seen = new Set();
let written = 0;
for (const line of (await readFile(recordsFile, 'utf8')).split('\n')) {
  if (!line.trim()) continue;
  const { operationId, status, mediaType, body } = JSON.parse(line);
  const key = `${operationId} ${status} ${mediaType}`;
  if (seen.has(key)) continue;
  seen.add(key);
  let response = operations.get(operationId)?.responses?.[String(status)];
  if (response?.$ref) {
    // A shared problem response: the example goes to the operation, which then names its own content.
    response = { ...responses[response.$ref.split('/').pop()] };
    operations.get(operationId).responses[String(status)] = response;
    response.content = structuredClone(response.content);
  }
  const media = response?.content?.[mediaType];
  if (!media) continue;
  media.examples = { recorded: { summary: 'A real answer recorded from the DevHost', value: forExample(operationId, body) } };
  written += 1;
}

// A shared response every operation now carries inline (with its example) is no longer shared.
const text = JSON.stringify(document.paths);
for (const name of Object.keys(responses)) if (!text.includes(`"#/components/responses/${name}"`)) delete responses[name];

await writeFile(documentFile, `${JSON.stringify(document, null, 2)}\n`);
console.log(`${written} examples written from ${seen.size} kinds of answer to ${documentFile}.`);
