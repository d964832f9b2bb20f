#!/usr/bin/env node
// Replays identity-provider provisioning cycles (conformance/scenarios/*.json) against a live
// SCIM server and checks every answer. Plain Node 18+, no dependencies (global fetch).
//
//   node replay.js --base http://127.0.0.1:8080/scim/v2 --token TOKEN [--results FILE]
//                  [--timeout MS] [--verbose] [SCENARIO.json | DIR ...]
//
// The scenario format is described in conformance/README.md. In short:
//   { "name", "idp", "description", "source",
//     "vars": { "login": "ana.{{random}}@example.com" },          evaluated once, in order
//     "headers": { ... },                                          default headers of every step
//     "steps": [ { "name", "method", "path", "headers", "body",
//                  "auth": false,                                  no default Authorization
//                  "expect": { "status": 200 | [200, 204],
//                              "headers": { "Content-Type": { "matches": "..." } },
//                              "json": [ { "path": "$.totalResults", "equals": 0 }, ... ] },
//                  "save": { "userId": "$.id" },
//                  "cleanup": true }                               always run at the end, not counted
//   ] }
// Every status, header and json check counts as one check. A step that cannot be sent (a
// {{variable}} it needs was never captured, or the request failed) fails all its checks.
'use strict';

const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

// ---------------------------------------------------------------------------------------------
// Templates: {{name}}, {{name|urlencode}}, {{name|upper}}, {{name|lower}}, {{name[0]}},
// {{name[1:3]}} (slice of a saved array), {{random}} (12 random [a-z0-9]), {{uuid}}.
// A string that is exactly one {{...}} keeps the type of the value (numbers, arrays, ...).

class Unresolved extends Error {}

function randomToken() {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = crypto.randomBytes(12);
  let s = '';
  for (const b of bytes) s += alphabet[b % alphabet.length];
  return s;
}

function evalExpr(expr, vars) {
  const [head, ...filters] = expr.split('|').map((s) => s.trim());
  const m = /^([A-Za-z_][\w.-]*)(?:\[(-?\d*)(?::(-?\d*))?\])?$/.exec(head);
  if (!m) throw new Error(`bad template expression {{${expr}}}`);
  const [, name, a, b] = m;
  let value;
  if (name === 'random') value = randomToken();
  else if (name === 'uuid') value = crypto.randomUUID();
  else if (Object.prototype.hasOwnProperty.call(vars, name)) value = vars[name];
  else throw new Unresolved(`{{${name}}} was never captured`);
  if (a !== undefined || b !== undefined) {
    if (!Array.isArray(value) && typeof value !== 'string') throw new Unresolved(`{{${name}}} is not a list`);
    if (head.includes(':')) value = value.slice(a === '' || a === undefined ? 0 : Number(a), b === '' || b === undefined ? undefined : Number(b));
    else {
      const i = Number(a);
      if (i < 0 || i >= value.length) throw new Unresolved(`{{${head}}} is out of range`);
      value = value[i];
    }
  }
  for (const f of filters) {
    const s = typeof value === 'string' ? value : JSON.stringify(value);
    if (f === 'urlencode') value = encodeURIComponent(s);
    else if (f === 'upper') value = s.toUpperCase();
    else if (f === 'lower') value = s.toLowerCase();
    else if (f === 'json') value = JSON.stringify(value);
    else throw new Error(`unknown template filter |${f}`);
  }
  return value;
}

function render(value, vars) {
  if (typeof value === 'string') {
    const whole = /^\{\{([^{}]+)\}\}$/.exec(value);
    if (whole) return evalExpr(whole[1], vars);
    return value.replace(/\{\{([^{}]+)\}\}/g, (_, expr) => {
      const v = evalExpr(expr, vars);
      return typeof v === 'string' ? v : JSON.stringify(v);
    });
  }
  if (Array.isArray(value)) return value.map((v) => render(v, vars));
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[render(k, vars)] = render(v, vars);
    return out;
  }
  return value;
}

function renderString(value, vars) {
  const v = render(value, vars);
  return typeof v === 'string' ? v : JSON.stringify(v);
}

// ---------------------------------------------------------------------------------------------
// JSON paths: $, .name, ["key with . or :"], [n], [*], [?(@.sub.path == literal)] (== or !=).
// A path with [*] or a filter yields the list of matches (possibly empty); otherwise one value
// or nothing.

function parsePath(p) {
  if (typeof p !== 'string' || p[0] !== '$') throw new Error(`json path must start with $: ${p}`);
  const toks = [];
  let i = 1;
  while (i < p.length) {
    if (p[i] === '.') {
      let j = i + 1;
      while (j < p.length && p[j] !== '.' && p[j] !== '[') j++;
      if (j === i + 1) throw new Error(`empty name in json path ${p}`);
      toks.push({ key: p.slice(i + 1, j) });
      i = j;
    } else if (p[i] === '[') {
      if (p[i + 1] === '"' || p[i + 1] === "'") {
        const q = p[i + 1];
        const end = p.indexOf(q + ']', i + 2);
        if (end < 0) throw new Error(`unterminated key in json path ${p}`);
        toks.push({ key: p.slice(i + 2, end) });
        i = end + 2;
      } else if (p.startsWith('[?(', i)) {
        const end = p.indexOf(')]', i);
        if (end < 0) throw new Error(`unterminated filter in json path ${p}`);
        const m = /^@((?:\.[^.\s=!]+)+)\s*(==|!=)\s*(.+)$/.exec(p.slice(i + 3, end).trim());
        if (!m) throw new Error(`unsupported filter in json path ${p}`);
        let literal = m[3].trim();
        if (literal[0] === "'") literal = `"${literal.slice(1, -1).replace(/"/g, '\\"')}"`;
        toks.push({ filter: { sub: m[1].slice(1).split('.'), op: m[2], value: JSON.parse(literal) } });
        i = end + 2;
      } else {
        const end = p.indexOf(']', i);
        if (end < 0) throw new Error(`unterminated index in json path ${p}`);
        const inner = p.slice(i + 1, end).trim();
        if (inner === '*') toks.push({ wildcard: true });
        else if (/^\d+$/.test(inner)) toks.push({ index: Number(inner) });
        else throw new Error(`bad index [${inner}] in json path ${p}`);
        i = end + 1;
      }
    } else {
      throw new Error(`unexpected "${p[i]}" in json path ${p}`);
    }
  }
  return toks;
}

function own(o, k) {
  return o !== null && typeof o === 'object' && !Array.isArray(o) && Object.prototype.hasOwnProperty.call(o, k);
}

function evalPath(doc, p) {
  const toks = parsePath(p);
  let nodes = [doc];
  let multi = false;
  for (const t of toks) {
    const next = [];
    for (const n of nodes) {
      if (t.key !== undefined) { if (own(n, t.key)) next.push(n[t.key]); }
      else if (t.index !== undefined) { if (Array.isArray(n) && t.index < n.length) next.push(n[t.index]); }
      else if (t.wildcard) {
        if (Array.isArray(n)) next.push(...n);
        else if (n && typeof n === 'object') next.push(...Object.values(n));
      } else if (t.filter) {
        if (!Array.isArray(n)) continue;
        for (const el of n) {
          let v = el;
          let found = true;
          for (const k of t.filter.sub) { if (own(v, k)) v = v[k]; else { found = false; break; } }
          const eq = found && deepEqual(v, t.filter.value);
          if (t.filter.op === '==' ? eq : !eq) next.push(el);
        }
      }
    }
    if (t.wildcard || t.filter) multi = true;
    nodes = next;
  }
  if (multi) return { found: true, value: nodes, multi: true };
  return nodes.length ? { found: true, value: nodes[0] } : { found: false };
}

function deepEqual(a, b) {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => own(b, k) && deepEqual(a[k], b[k]));
}

function typeOf(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function show(v) {
  if (v === undefined) return '(absent)';
  const s = JSON.stringify(v);
  return s.length > 200 ? `${s.slice(0, 200)}...` : s;
}

// One check on one (possibly absent) value. Returns null when it holds, else the reason.
function checkValue(c, got, vars) {
  const present = got.found && !(got.multi && got.value.length === 0);
  const v = got.value;
  const want = (k) => render(c[k], vars);
  if (c.ifPresent === true && !present) return null; // optional here (e.g. RFC 7644 3.4.2 paging fields)
  if (c.exists === true && !present) return 'is absent';
  if (c.exists === false || c.absent === true) return present ? `should be absent, is ${show(v)}` : null;
  if (c.unassigned === true) {
    // RFC 7643 2.5: absent, null and [] are the same state
    const empty = !present || v === null || (Array.isArray(v) && v.length === 0);
    return empty ? null : `should be unassigned (absent, null or []), is ${show(v)}`;
  }
  if (!got.found) {
    // Everything below needs a value.
    const needs = Object.keys(c).filter((k) => !['path', 'exists', 'why', 'ifPresent'].includes(k));
    return needs.length ? 'is absent' : null;
  }
  if ('equals' in c && !deepEqual(v, want('equals'))) return `is ${show(v)}, expected ${show(want('equals'))}`;
  if ('notEquals' in c && deepEqual(v, want('notEquals'))) return `is ${show(v)}, expected anything else`;
  if ('oneOf' in c && !want('oneOf').some((x) => deepEqual(v, x))) return `is ${show(v)}, expected one of ${show(want('oneOf'))}`;
  if ('equalsIgnoreCase' in c) {
    const w = String(want('equalsIgnoreCase'));
    if (typeof v !== 'string' || v.toLowerCase() !== w.toLowerCase()) return `is ${show(v)}, expected ${show(w)} (any case)`;
  }
  if ('matches' in c) {
    const re = new RegExp(renderString(c.matches, vars));
    if (typeof v !== 'string' || !re.test(v)) return `is ${show(v)}, expected a string matching /${re.source}/`;
  }
  if ('type' in c && typeOf(v) !== c.type && !(c.type === 'number' && typeOf(v) === 'integer')) {
    return `is ${show(v)} (${typeOf(v)}), expected type ${c.type}`;
  }
  if ('length' in c || 'minLength' in c || 'maxLength' in c) {
    if (!Array.isArray(v) && typeof v !== 'string') return `is ${show(v)}, expected an array or string`;
    if ('length' in c && v.length !== want('length')) return `has length ${v.length}, expected ${want('length')}: ${show(v)}`;
    if ('minLength' in c && v.length < want('minLength')) return `has length ${v.length}, expected at least ${want('minLength')}`;
    if ('maxLength' in c && v.length > want('maxLength')) return `has length ${v.length}, expected at most ${want('maxLength')}`;
  }
  // contains: an array holds the element (each element, when given a list), a string holds
  // the substring; notContains: none of them.
  for (const [key, negate] of [['contains', false], ['notContains', true]]) {
    if (!(key in c)) continue;
    const w0 = want(key);
    if (!Array.isArray(v) && typeof v !== 'string') return `is ${show(v)}, expected an array or string`;
    const wanted = Array.isArray(v) && Array.isArray(w0) ? w0 : [w0];
    for (const w of wanted) {
      const has = Array.isArray(v) ? v.some((x) => deepEqual(x, w)) : typeof v === 'string' && typeof w === 'string' && v.includes(w);
      if (has === negate) return negate ? `contains ${show(w)}: ${show(v)}` : `does not contain ${show(w)}: ${show(v)}`;
    }
  }
  for (const [key, test, word] of [['gte', (a, b) => a >= b, '>='], ['lte', (a, b) => a <= b, '<='], ['gt', (a, b) => a > b, '>'], ['lt', (a, b) => a < b, '<']]) {
    if (key in c && !(typeof v === 'number' && test(v, Number(want(key))))) return `is ${show(v)}, expected a number ${word} ${want(key)}`;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------

function countChecks(step) {
  const e = step.expect || {};
  return ('status' in e ? 1 : 0) + Object.keys(e.headers || {}).length + (e.json || []).length + (e.emptyBody ? 1 : 0);
}

async function send(o, scenario, step, vars) {
  const headers = {};
  const setHeader = (k, v) => {
    for (const existing of Object.keys(headers)) if (existing.toLowerCase() === k.toLowerCase()) delete headers[existing];
    if (v !== null) headers[k] = renderString(v, vars);
  };
  if (step.auth !== false) setHeader('Authorization', `Bearer ${o.token}`);
  for (const [k, v] of Object.entries(scenario.headers || {})) setHeader(k, v);
  for (const [k, v] of Object.entries(step.headers || {})) setHeader(k, v);
  let body;
  if (step.body !== undefined) {
    body = typeof step.body === 'string' ? renderString(step.body, vars) : JSON.stringify(render(step.body, vars));
    if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/scim+json';
  }
  const url = o.base + renderString(step.path, vars);
  const started = Date.now();
  const res = await fetch(url, { method: step.method || 'GET', headers, body, redirect: 'manual', signal: AbortSignal.timeout(o.timeout) });
  const text = await res.text();
  let json;
  let jsonError;
  if (text.trim() !== '') {
    try { json = JSON.parse(text); } catch (e) { jsonError = 'response body is not JSON'; }
  }
  return { url, status: res.status, headers: res.headers, text, json, jsonError, ms: Date.now() - started };
}

function evaluate(step, r, vars) {
  const e = step.expect || {};
  const results = [];
  if ('status' in e) {
    const allowed = [].concat(e.status);
    results.push(allowed.includes(r.status) ? null
      : `status ${r.status}, expected ${allowed.join(' or ')}${r.text ? `: ${r.text.slice(0, 300)}` : ''}`);
  }
  for (const [name, c] of Object.entries(e.headers || {})) {
    const h = r.headers.get(name);
    const why = checkValue(typeof c === 'object' ? c : { equals: c }, h === null ? { found: false } : { found: true, value: h }, vars);
    results.push(why ? `header ${name} ${why}` : null);
  }
  for (const c of e.json || []) {
    let why;
    if (r.jsonError) why = r.jsonError;
    else {
      try {
        const got = r.json === undefined ? { found: false } : evalPath(r.json, c.path);
        why = checkValue(c, got, vars);
      } catch (err) {
        why = err instanceof Unresolved ? err.message : `bad check: ${err.message}`;
      }
    }
    results.push(why ? `${c.path} ${why}${c.why ? ` (${c.why})` : ''}` : null);
  }
  if (e.emptyBody) results.push(r.text === '' ? null : `body should be empty, is ${r.text.slice(0, 200)}`);
  return results;
}

async function runScenario(o, file) {
  const scenario = JSON.parse(fs.readFileSync(file, 'utf8'));
  const name = scenario.name || path.basename(file);
  const vars = {};
  const out = { file: path.basename(file), name, passed: 0, failed: 0, failures: [], cleanupProblems: [] };
  for (const [k, v] of Object.entries(scenario.vars || {})) vars[k] = render(v, vars);
  const steps = scenario.steps || [];
  const main = steps.filter((s) => !s.cleanup);
  const cleanup = steps.filter((s) => s.cleanup);
  const runStep = async (step, index, counted) => {
    const label = `step ${index} "${step.name || `${step.method} ${step.path}`}"`;
    const n = countChecks(step);
    let r;
    try {
      r = await send(o, scenario, step, vars);
    } catch (err) {
      const why = err instanceof Unresolved ? `not sent: ${err.message}`
        : err.name === 'TimeoutError' ? `no answer within ${o.timeout} ms` : `request failed: ${err.message}`;
      if (counted) { out.failed += n; out.failures.push(`${label}: ${why} (${n} check${n === 1 ? '' : 's'} failed)`); }
      else out.cleanupProblems.push(`${label}: ${why}`);
      return;
    }
    if (o.verbose) console.log(`    ${step.method || 'GET'} ${r.url} -> ${r.status} (${r.ms} ms)`);
    const results = evaluate(step, r, vars);
    for (const why of results) {
      if (!counted) { if (why) out.cleanupProblems.push(`${label}: ${why}`); continue; }
      if (why) { out.failed += 1; out.failures.push(`${label}: ${step.method || 'GET'} ${step.path}: ${why}`); }
      else out.passed += 1;
    }
    for (const [k, p] of Object.entries(step.save || {})) {
      if (r.json === undefined) continue;
      try {
        const got = evalPath(r.json, p);
        if (got.found) vars[k] = got.value;
      } catch (err) { /* reported by the checks */ }
    }
  };
  for (let i = 0; i < main.length; i++) await runStep(main[i], i + 1, true);
  for (let i = 0; i < cleanup.length; i++) await runStep(cleanup[i], main.length + i + 1, false);
  return out;
}

function parseArgs(argv) {
  const o = { files: [], timeout: 15000, verbose: false, results: '' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => { if (i + 1 >= argv.length) throw new Error(`${a} needs a value`); return argv[++i]; };
    if (a === '--base') o.base = next().replace(/\/+$/, '');
    else if (a === '--token') o.token = next();
    else if (a === '--results') o.results = next();
    else if (a === '--timeout') o.timeout = Number(next());
    else if (a === '--verbose' || a === '-v') o.verbose = true;
    else if (a === '--label') o.label = next();
    else o.files.push(a);
  }
  if (!o.base || !o.token) throw new Error('--base and --token are required');
  if (!o.files.length) o.files.push(path.join(__dirname, 'scenarios'));
  const files = [];
  for (const f of o.files) {
    if (fs.statSync(f).isDirectory()) {
      files.push(...fs.readdirSync(f).filter((n) => n.endsWith('.json')).sort().map((n) => path.join(f, n)));
    } else files.push(f);
  }
  o.files = files;
  return o;
}

async function main() {
  if (typeof fetch !== 'function') throw new Error('Node 18 or newer is needed (global fetch)');
  const o = parseArgs(process.argv.slice(2));
  const prefix = o.label ? `[${o.label}] ` : '';
  const total = { label: o.label || '', scenarios: [], passed: 0, failed: 0 };
  console.log(`\n===== ${prefix}replayed provisioning scenarios (${o.files.length} files) =====`);
  for (const file of o.files) {
    let r;
    try {
      r = await runScenario(o, file);
    } catch (err) {
      r = { file: path.basename(file), name: path.basename(file), passed: 0, failed: 1, failures: [`could not run: ${err.message}`], cleanupProblems: [] };
    }
    total.scenarios.push(r);
    total.passed += r.passed;
    total.failed += r.failed;
    const verdict = r.failed ? 'FAIL' : 'PASS';
    console.log(`${verdict} ${r.file}: ${r.name} (${r.passed}/${r.passed + r.failed} checks)`);
    for (const f of r.failures) console.log(`     - ${f}`);
    for (const f of r.cleanupProblems) console.log(`     (cleanup) ${f}`);
  }
  const failedFiles = total.scenarios.filter((s) => s.failed).length;
  console.log(`${prefix}scenarios: ${total.scenarios.length - failedFiles} of ${total.scenarios.length} files pass; ` +
    `checks passed ${total.passed}, failed ${total.failed}`);
  if (o.results) fs.writeFileSync(o.results, JSON.stringify(total, null, 2));
  return total;
}

if (require.main === module) {
  main().then((t) => process.exit(t.failed ? 1 : 0), (e) => { console.error(`replay: ${e.message}`); process.exit(2); });
}

module.exports = { evalPath, checkValue, render };
