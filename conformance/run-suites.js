#!/usr/bin/env node
// Runs the public conformance suites with newman against a live SCIM server, adapting them at
// run time (the stored files in ../shared/conformance-suites are never edited).
//
//   node run-suites.js --base http://127.0.0.1:8080/scim/v2 --token TOKEN
//        [--suites microsoft,okta,okta-entitlements] [--suites-dir DIR] [--results FILE]
//        [--work DIR] [--label NAME]
//
// Suites:
//   microsoft          AzureAD/SCIMReferenceCode "SCIM Tests" collection, "Get Token" folder dropped;
//                      variables Protocol, Server, Port (":port" or ""), Api ("scim/v2"), token.
//                      Expects an empty tenant (exact totalResults), so it runs first.
//   okta               Okta SCIM 2.0 SPEC Test (Runscope export), converted by okta-to-postman.js;
//                      variables SCIMBaseURL, auth ("Bearer TOKEN") and Okta's Initial Script ones.
//                      One seed user is created before (Okta: "create at least one user first")
//                      and the seed and idUserOne are deleted afterwards.
//   okta-entitlements  Okta SCIM 2.0 Entitlements Test, once per endpoint in
//                      OKTA_ENTITLEMENT_ENDPOINTS (comma-separated, default /Roles). Opt-in.
// Environment: OKTA_PAUSES=1 keeps the Runscope pause steps (skipped by default).
'use strict';

const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { convert, initialVariables, countAssertions } = require('./okta-to-postman');

const HERE = __dirname;
const REQUEST_TIMEOUT_MS = Number(process.env.CONFORMANCE_REQUEST_TIMEOUT_MS || 15000);
const SUITE_TIMEOUT_MS = Number(process.env.CONFORMANCE_SUITE_TIMEOUT_MS || 600000);

function parseArgs(argv) {
  const o = { suites: 'microsoft,okta', suitesDir: path.resolve(HERE, '..', '..', 'shared', 'conformance-suites'),
    label: '', results: '', work: '' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => { if (i + 1 >= argv.length) throw new Error(`${a} needs a value`); return argv[++i]; };
    if (a === '--base') o.base = next().replace(/\/+$/, '');
    else if (a === '--token') o.token = next();
    else if (a === '--suites') o.suites = next();
    else if (a === '--suites-dir') o.suitesDir = path.resolve(next());
    else if (a === '--results') o.results = next();
    else if (a === '--work') o.work = next();
    else if (a === '--label') o.label = next();
    else throw new Error(`unknown argument ${a}`);
  }
  if (!o.base || !o.token) throw new Error('--base and --token are required');
  if (!o.work) o.work = fs.mkdtempSync(path.join(require('os').tmpdir(), 'scimd-suites-'));
  return o;
}

function loadNewman() {
  try {
    return require(path.join(HERE, 'node_modules', 'newman'));
  } catch (e) {
    throw new Error(`newman is not installed in ${HERE}/node_modules (run npm ci there): ${e.message}`);
  }
}

function runNewman(newman, options) {
  return new Promise((resolve) => {
    let done = false;
    const timer = setTimeout(() => {
      if (!done) { done = true; resolve({ error: new Error(`suite timed out after ${SUITE_TIMEOUT_MS} ms`) }); }
    }, SUITE_TIMEOUT_MS + 5000);
    newman.run({
      reporters: ['cli'],
      reporter: { cli: { noBanner: true, noFailures: true } },
      color: 'off',
      timeout: SUITE_TIMEOUT_MS,
      timeoutRequest: REQUEST_TIMEOUT_MS,
      timeoutScript: 30000,
      ...options,
    }, (err, summary) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ error: err, summary });
    });
  });
}

function env(name, values) {
  return {
    id: crypto.randomUUID(), name, _postman_variable_scope: 'environment',
    values: Object.entries(values).map(([key, value]) => ({ key, value: String(value), type: 'default', enabled: true })),
  };
}

function envValue(summary, key) {
  const values = summary && summary.environment && summary.environment.values;
  if (!values) return undefined;
  const v = values.one ? values.one(key) : null;
  return v ? v.value : undefined;
}

// Counts pm.test calls per request script (static), and requests, in a Postman collection.
function staticCounts(items) {
  let requests = 0;
  let assertions = 0;
  for (const it of items) {
    if (it.item) {
      const c = staticCounts(it.item);
      requests += c.requests;
      assertions += c.assertions;
    } else {
      requests += 1;
      for (const e of it.event || []) {
        if (e.listen !== 'test') continue;
        const src = [].concat(e.script.exec || []).join('\n');
        assertions += (src.match(/pm\.test\(/g) || []).length;
      }
    }
  }
  return { requests, assertions };
}

async function scim(base, token, method, p, body) {
  const res = await fetch(base + p, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/scim+json', Accept: 'application/scim+json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await res.text();
  let json;
  try { json = text ? JSON.parse(text) : undefined; } catch (e) { json = undefined; }
  return { status: res.status, json, text };
}

const SUITES = {
  async microsoft(o) {
    const file = path.join(o.suitesDir, 'microsoft-scimreferencecode', 'PostmanCollection.json');
    const collection = JSON.parse(fs.readFileSync(file, 'utf8'));
    const before = collection.item.length;
    // "Get Token" calls the reference sample's own GET /scim/Token and overwrites {{token}}.
    collection.item = collection.item.filter((it) => it.name !== 'Get Token');
    if (collection.item.length !== before - 1) console.log('warning: no "Get Token" folder found to drop');
    const counts = staticCounts(collection.item);
    const u = new URL(o.base);
    const values = {
      Protocol: u.protocol.replace(/:$/, ''),
      Server: u.hostname.includes(':') ? `[${u.hostname}]` : u.hostname,
      Port: u.port ? `:${u.port}` : '',
      Api: u.pathname.replace(/^\/+|\/+$/g, ''),
      token: o.token,
    };
    const out = path.join(o.work, 'microsoft.collection.json');
    fs.writeFileSync(out, JSON.stringify(collection, null, 2));
    return { collection, environment: env('scimd microsoft', values), counts, note: 'expects an empty tenant' };
  },

  async okta(o) {
    const file = path.join(o.suitesDir, 'okta-scim20-spec', 'Okta-SCIM-20-SPEC-Test.json');
    const runscope = JSON.parse(fs.readFileSync(file, 'utf8'));
    const options = { pauses: process.env.OKTA_PAUSES === '1' };
    const collection = convert(runscope, options);
    const counts = countAssertions(runscope, options);
    fs.writeFileSync(path.join(o.work, 'okta.collection.json'), JSON.stringify(collection, null, 2));
    const values = { SCIMBaseURL: o.base, auth: `Bearer ${o.token}`, ...initialVariables() };
    // Okta: "Create at least one user in your SCIM server before running" (test 1 reads it).
    const seedName = `okta-seed-${crypto.randomBytes(4).toString('hex')}@atko.com`;
    let seedId;
    try {
      const r = await scim(o.base, o.token, 'POST', '/Users', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: seedName,
        name: { givenName: 'Seed', familyName: 'User' }, displayName: 'Seed User',
        emails: [{ primary: true, type: 'work', value: seedName }], active: true,
      });
      if (r.status === 201 && r.json && r.json.id) seedId = r.json.id;
      else console.log(`warning: seed user POST answered ${r.status}: ${r.text.slice(0, 300)}`);
    } catch (e) {
      console.log(`warning: seed user POST failed: ${e.message}`);
    }
    return {
      collection, environment: env('scimd okta', values), counts,
      async cleanup(summary) {
        for (const id of [seedId, envValue(summary, 'idUserOne')]) {
          if (!id) continue;
          try { await scim(o.base, o.token, 'DELETE', `/Users/${encodeURIComponent(id)}`); } catch (e) { /* best effort */ }
        }
      },
    };
  },

  async 'okta-entitlements'(o) {
    const file = path.join(o.suitesDir, 'okta-scim20-entitlements', 'Okta-SCIM-20-Entitlements-Test.json');
    const runscope = JSON.parse(fs.readFileSync(file, 'utf8'));
    const endpoints = (process.env.OKTA_ENTITLEMENT_ENDPOINTS || '/Roles').split(',').map((s) => s.trim()).filter(Boolean);
    const options = { pauses: process.env.OKTA_PAUSES === '1', repeat: endpoints.map((e) => ({ EntitlementEndpoint: e })) };
    const collection = convert(runscope, options);
    fs.writeFileSync(path.join(o.work, 'okta-entitlements.collection.json'), JSON.stringify(collection, null, 2));
    return {
      collection, environment: env('scimd okta entitlements', { SCIMBaseURL: o.base, auth: `Bearer ${o.token}` }),
      counts: countAssertions(runscope, options), note: `endpoints ${endpoints.join(', ')}`,
    };
  },
};

function failureLines(summary) {
  const lines = [];
  for (const f of (summary && summary.run && summary.run.failures) || []) {
    const item = f.source && f.source.name ? f.source.name : '(collection)';
    const what = f.error ? (f.error.test ? `${f.error.test}: ${f.error.message}` : f.error.message) : 'failed';
    lines.push(`  - ${item}: ${what}`);
  }
  return lines;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const newman = loadNewman();
  const results = { label: o.label, suites: [], passed: 0, failed: 0 };
  for (const name of o.suites.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (!SUITES[name]) throw new Error(`unknown suite ${name} (known: ${Object.keys(SUITES).join(', ')})`);
    const title = `${o.label ? `[${o.label}] ` : ''}suite ${name}`;
    console.log(`\n===== ${title} =====`);
    let prepared;
    try {
      prepared = await SUITES[name](o);
    } catch (e) {
      console.log(`${title}: could not prepare: ${e.message}`);
      results.suites.push({ name, requests: 0, passed: 0, failed: 1, error: e.message });
      results.failed += 1;
      continue;
    }
    console.log(`${title}: ${prepared.counts.requests} requests, ${prepared.counts.assertions} assertions expected` +
      (prepared.note ? ` (${prepared.note})` : ''));
    const { error, summary } = await runNewman(newman, { collection: prepared.collection, environment: prepared.environment });
    if (prepared.cleanup) await prepared.cleanup(summary);
    const stats = summary && summary.run ? summary.run.stats : null;
    let passed = 0;
    let failed = 0;
    let requests = 0;
    if (stats) {
      requests = stats.requests.total;
      failed = stats.assertions.failed;
      passed = stats.assertions.total - stats.assertions.failed;
      // Assertions that never ran (a script threw before reaching pm.test, a request timed out)
      // count as failed, so the totals do not shrink when the server misbehaves.
      const missing = prepared.counts.assertions - stats.assertions.total;
      if (missing > 0) failed += missing;
    } else {
      failed = prepared.counts.assertions || 1;
    }
    if (error) console.log(`${title}: newman error: ${error.message}`);
    const lines = failureLines(summary);
    console.log(`\n${title}: ${requests} requests, assertions: ${passed} passed, ${failed} failed` +
      (stats && prepared.counts.assertions - stats.assertions.total > 0
        ? ` (${prepared.counts.assertions - stats.assertions.total} never ran)` : ''));
    if (lines.length) console.log(`${title} failures:\n${lines.join('\n')}`);
    results.suites.push({ name, requests, passed, failed });
    results.passed += passed;
    results.failed += failed;
  }
  if (o.results) fs.writeFileSync(o.results, JSON.stringify(results, null, 2));
  return results;
}

main().then((r) => process.exit(r.failed > 0 ? 1 : 0), (e) => {
  console.error(`run-suites: ${e.message}`);
  process.exit(2);
});
