#!/usr/bin/env node
// Converts a Runscope "API Monitoring Test" export (the format Okta publishes its SCIM test
// suites in) into an equivalent Postman v2.1 collection that newman can run.
//
//   node okta-to-postman.js INPUT.json OUTPUT.json [--pauses] [--repeat VAR=v1,v2,...]
//   require('./okta-to-postman').convert(runscopeJson, options) -> collection object
//
// Mapping (Runscope request lifecycle: request, then variables, then scripts, then assertions):
//   step_type "request"  -> one Postman item (method, URL, headers, raw or form body)
//   step_type "pause"    -> skipped (they only wait for eventual consistency); with
//                           options.pauses the wait is added to the next request's pre-request
//   skipped: true        -> left out, as Runscope does
//   variables[]          -> pm.environment.set(name, <value extracted from the response>)
//   scripts[]            -> one pm.test per non-empty script, run with Runscope's script API
//                           (response, variables, assert = Chai's assert, log)
//   before_scripts[]     -> pre-request script with the same API (no response)
//   assertions[]         -> exactly one pm.test each; the comparison rules are in COMPARE_DOC
//                           below and in conformance/README.md
// Other step types (condition, subtest, ghost-inspector) have no faithful equivalent and make
// the conversion fail loudly instead of being dropped.
'use strict';

const fs = require('fs');

// The code below is inserted (as text) at the top of every converted test script. It must be
// self-contained: it runs inside newman's sandbox, not in this process.
const PRELUDE = String.raw`
var __rs = (function () {
  function parseJson() {
    try { return { ok: true, value: JSON.parse(pm.response.text()) }; }
    catch (e) { return { ok: false, error: 'response body is not JSON' }; }
  }
  // Runscope JSON properties use JavaScript notation: a.b[0].c, a["b.c"], [0].x
  function tokens(path) {
    var out = [], i = 0, s = String(path);
    while (i < s.length) {
      if (s[i] === '.') { i++; continue; }
      if (s[i] === '[') {
        var end = s.indexOf(']', i);
        if (end < 0) throw new Error('bad property path: ' + s);
        var inner = s.slice(i + 1, end).trim();
        if (/^["'].*["']$/.test(inner)) out.push(inner.slice(1, -1));
        else out.push(Number(inner));
        i = end + 1;
        continue;
      }
      var j = i;
      while (j < s.length && s[j] !== '.' && s[j] !== '[') j++;
      out.push(s.slice(i, j));
      i = j;
    }
    return out;
  }
  function extractJson(property) {
    var parsed = parseJson();
    if (!parsed.ok) return { found: false, error: parsed.error };
    var cur = parsed.value;
    if (property === null || property === undefined || property === '') return { found: true, value: cur };
    var toks = tokens(property);
    for (var k = 0; k < toks.length; k++) {
      var t = toks[k];
      if (cur === null || typeof cur !== 'object') return { found: false };
      if (typeof t === 'number') {
        if (!Array.isArray(cur) || t < 0 || t >= cur.length) return { found: false };
        cur = cur[t];
      } else {
        if (Array.isArray(cur) || !Object.prototype.hasOwnProperty.call(cur, t)) return { found: false };
        cur = cur[t];
      }
    }
    return { found: true, value: cur };
  }
  function source(src, property) {
    switch (src) {
      case 'response_status': return { found: true, value: pm.response.code, numeric: true };
      case 'response_time': return { found: true, value: pm.response.responseTime, numeric: true };
      case 'response_size': return { found: true, value: pm.response.responseSize, numeric: true };
      case 'response_headers': {
        var h = pm.response.headers.get(property);
        return h === undefined || h === null ? { found: false } : { found: true, value: String(h) };
      }
      case 'response_text': return { found: true, value: pm.response.text() };
      case 'response_json': return extractJson(property);
      default: throw new Error('unsupported Runscope assertion source: ' + src);
    }
  }
  function str(v) {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (v === null) return 'null';
    return JSON.stringify(v);
  }
  function isEmpty(v) {
    if (v === undefined || v === null) return true;
    if (typeof v === 'string' || Array.isArray(v)) return v.length === 0;
    if (typeof v === 'object') return Object.keys(v).length === 0;
    return false; // numbers and booleans are values
  }
  // Numbers: a JSON value must be a JSON number; status, time, size are numbers; a header or
  // text value may be a numeric string.
  function num(x) {
    if (!x.found) return NaN;
    if (typeof x.value === 'number') return x.value;
    if (typeof x.value === 'string' && x.fromText && /^\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/.test(x.value)) return Number(x.value);
    return NaN;
  }
  function target(t) {
    return t === null || t === undefined ? '' : pm.variables.replaceIn(String(t));
  }
  function describe(x) {
    if (x.error) return x.error;
    return x.found ? JSON.stringify(x.value) : '(no such property)';
  }
  function check(a) {
    var x = source(a.source, a.property);
    x.fromText = a.source === 'response_headers' || a.source === 'response_text';
    var t = target(a.value), v = x.value, ok;
    switch (a.comparison) {
      case 'empty': ok = !x.error && isEmpty(x.found ? v : undefined); break;
      case 'not_empty': ok = x.found && !isEmpty(v); break;
      case 'equal': ok = x.found && v !== undefined && str(v) === t; break;
      case 'not_equal': ok = !x.error && (!x.found || str(v) !== t); break;
      case 'contains':
        ok = x.found && (Array.isArray(v) ? v.some(function (e) { return str(e).indexOf(t) >= 0; })
                                          : v !== null && v !== undefined && str(v).indexOf(t) >= 0);
        break;
      case 'does_not_contain':
        ok = !x.error && !(x.found && (Array.isArray(v) ? v.some(function (e) { return str(e).indexOf(t) >= 0; })
                                                        : v !== null && v !== undefined && str(v).indexOf(t) >= 0));
        break;
      case 'has_key': ok = x.found && v !== null && typeof v === 'object' && !Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, t); break;
      case 'has_value': {
        var vals = Array.isArray(v) ? v : (v !== null && typeof v === 'object' ? Object.keys(v).map(function (k) { return v[k]; }) : null);
        ok = x.found && vals !== null && vals.some(function (e) { return (e === null || typeof e !== 'object') && str(e) === t; });
        break;
      }
      case 'is_null': ok = x.found && v === null; break;
      case 'is_a_number': ok = x.found && typeof num(x) === 'number' && isFinite(num(x)); break;
      case 'equal_number': ok = isFinite(num(x)) && num(x) === Number(t); break;
      case 'is_less_than': ok = isFinite(num(x)) && num(x) < Number(t); break;
      case 'is_less_than_or_equal': ok = isFinite(num(x)) && num(x) <= Number(t); break;
      case 'is_greater_than': ok = isFinite(num(x)) && num(x) > Number(t); break;
      case 'is_greater_than_or_equal': ok = isFinite(num(x)) && num(x) >= Number(t); break;
      default: throw new Error('unsupported Runscope comparison: ' + a.comparison);
    }
    if (!ok) {
      throw new Error(a.source + (a.property ? ' ' + a.property : '') + ' ' + a.comparison +
        (a.value === null || a.value === undefined ? '' : ' ' + JSON.stringify(t)) + ': actual ' + describe(x));
    }
  }
  function variable(vdef) {
    var x = vdef.source === 'response_json' ? extractJson(vdef.property) : source(vdef.source, vdef.property);
    if (x.found && x.value !== undefined) pm.environment.set(vdef.name, str(x.value));
  }
  // The API Runscope gives its scripts.
  function scriptApi(withResponse) {
    var chai = require('chai');
    var api = {
      variables: {
        get: function (k) { return pm.environment.get(k); },
        set: function (k, val) { pm.environment.set(k, val); }
      },
      assert: chai.assert,
      log: function () { console.log.apply(console, arguments); }
    };
    if (withResponse) {
      var headers = {};
      pm.response.headers.each(function (h) { (headers[h.key] = headers[h.key] || []).push(h.value); });
      api.response = { status: pm.response.code, reason: pm.response.status, headers: headers,
        body: pm.response.text(), response_time_ms: pm.response.responseTime, size_bytes: pm.response.responseSize };
      api.request = { method: pm.request.method, url: pm.request.url.toString() };
    }
    return api;
  }
  return { check: check, variable: variable, scriptApi: scriptApi };
})();
`;

const COMPARE_DOC = {
  empty: 'value missing, null, "", [] or {}',
  not_empty: 'value present and not null, "", [] or {} (numbers and booleans are values)',
  equal: 'string form equals the target (true -> "true", 0 -> "0")',
  not_equal: 'string form differs (a missing property differs)',
  contains: 'string contains the target; for an array, some element contains it',
  does_not_contain: 'negation of contains',
  has_key: 'object has the target as a key',
  has_value: 'array (or object values) has an element equal to the target',
  is_null: 'value is JSON null',
  is_a_number: 'value is a JSON number',
  equal_number: 'value is a number equal to the target number',
  is_less_than: 'number < target (response time in ms)',
};

function headerList(headers) {
  const out = [];
  for (const [key, values] of Object.entries(headers || {})) {
    for (const value of Array.isArray(values) ? values : [values]) out.push({ key, value: String(value) });
  }
  return out;
}

function bodyOf(step) {
  const form = step.form && Object.keys(step.form).length ? step.form : null;
  if (step.multipart_form && step.multipart_form.length) {
    throw new Error(`step "${step.note || step.url}": multipart bodies are not supported`);
  }
  if (step.binary_body) throw new Error(`step "${step.note || step.url}": binary bodies are not supported`);
  if (form) {
    const urlencoded = [];
    for (const [key, values] of Object.entries(form)) {
      for (const value of Array.isArray(values) ? values : [values]) urlencoded.push({ key, value: String(value) });
    }
    return { mode: 'urlencoded', urlencoded };
  }
  const raw = typeof step.body === 'string' ? step.body : (typeof step.data === 'string' ? step.data : '');
  return raw === '' ? undefined : { mode: 'raw', raw };
}

function scriptLines(text) {
  return String(text).split('\n');
}

function js(v) {
  return JSON.stringify(v);
}

function authOf(step) {
  const auth = step.auth || {};
  if (!auth.auth_type) return undefined;
  if (auth.auth_type === 'basic') {
    return { type: 'basic', basic: [{ key: 'username', value: auth.username || '' }, { key: 'password', value: auth.password || '' }] };
  }
  throw new Error(`step "${step.note || step.url}": Runscope auth type ${auth.auth_type} is not supported`);
}

function convertStep(step, index, pendingPauseSeconds, repeatVars) {
  const name = `${index}. ${(step.note || `${step.method} ${step.url}`).trim()}`;
  const prerequest = [];
  if (repeatVars) {
    for (const [k, v] of Object.entries(repeatVars)) prerequest.push(`pm.environment.set(${js(k)}, ${js(v)});`);
  }
  if (pendingPauseSeconds > 0) {
    prerequest.push(`// Runscope pause step(s): ${pendingPauseSeconds}s`);
    prerequest.push(`setTimeout(function () {}, ${pendingPauseSeconds * 1000});`);
  }
  const before = (step.before_scripts || []).filter((s) => String(s).trim() !== '');
  if (before.length) {
    prerequest.push(PRELUDE);
    for (const s of before) {
      prerequest.push('(function (api) { var variables = api.variables, assert = api.assert, log = api.log;');
      prerequest.push(...scriptLines(s));
      prerequest.push('})(__rs.scriptApi(false));');
    }
  }

  const test = [PRELUDE];
  // 1. variables
  for (const v of step.variables || []) test.push(`__rs.variable(${js(v)});`);
  // 2. scripts: one pm.test each; an exception or a failed Chai assert fails it
  let n = 0;
  for (const s of step.scripts || []) {
    if (String(s).trim() === '') continue;
    n += 1;
    test.push(`pm.test(${js(`script ${n}`)}, function () {`);
    test.push('  (function (api) { var response = api.response, request = api.request, variables = api.variables, assert = api.assert, log = api.log;');
    test.push(...scriptLines(s));
    test.push('  })(__rs.scriptApi(true));');
    test.push('});');
  }
  // 3. assertions: one pm.test each
  for (const a of step.assertions || []) {
    const label = `${a.source}${a.property ? ` ${a.property}` : ''} ${a.comparison}` +
      (a.value === null || a.value === undefined ? '' : ` ${a.value}`);
    test.push(`pm.test(${js(label)}, function () { __rs.check(${js(a)}); });`);
  }

  const item = {
    name,
    request: {
      method: step.method || 'GET',
      header: headerList(step.headers),
      url: step.url,
      description: step.note || '',
    },
    event: [{ listen: 'test', script: { type: 'text/javascript', exec: test } }],
  };
  const body = bodyOf(step);
  if (body) item.request.body = body;
  const auth = authOf(step);
  if (auth) item.request.auth = auth;
  if (prerequest.length) item.event.unshift({ listen: 'prerequest', script: { type: 'text/javascript', exec: prerequest } });
  return item;
}

// options: { pauses: bool, repeat: [{VAR: value, ...}, ...] (each request step once per entry) }
function convert(runscope, options = {}) {
  if (!runscope || !Array.isArray(runscope.steps)) throw new Error('not a Runscope test export (no steps)');
  const items = [];
  let pause = 0;
  let index = 0;
  for (const step of runscope.steps) {
    if (step.skipped) continue;
    switch (step.step_type) {
      case 'pause':
        if (options.pauses) pause += Number(step.duration) || 0;
        break;
      case 'request': {
        const repeats = options.repeat && options.repeat.length ? options.repeat : [null];
        for (const vars of repeats) {
          index += 1;
          const item = convertStep(step, index, pause, vars);
          if (vars) item.name += ` [${Object.values(vars).join(', ')}]`;
          items.push(item);
          pause = 0;
        }
        break;
      }
      default:
        throw new Error(`Runscope step type "${step.step_type}" has no Postman equivalent`);
    }
  }
  return {
    info: {
      name: `${runscope.name} (converted from Runscope)`,
      description: runscope.description || '',
      schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
    },
    auth: { type: 'noauth' },
    item: items,
  };
}

// What Okta's "Initial Script" (Initial_Script_Spec.txt, pasted into the Runscope test settings)
// sets: a random given name "Runscope" + 3 digits, a family name of one capital, 8 lower-case
// letters and 3 digits, and an email at atko.com built from both.
function initialVariables(random = Math.random) {
  const pick = (alphabet) => alphabet.charAt(Math.floor(random() * alphabet.length));
  let given = 'Runscope';
  for (let i = 0; i < 3; i++) given += pick('0123456789');
  let family = pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ');
  for (let i = 0; i < 8; i++) family += pick('abcdefghijklmnopqrstuvwxyz');
  for (let i = 0; i < 3; i++) family += pick('0123456789');
  let group = 'Runscope';
  for (let i = 0; i < 3; i++) group += pick('0123456789');
  const email = `${given}${family}@atko.com`;
  return {
    randomGivenName: given,
    randomFamilyName: family,
    randomEmail: email,
    randomUsername: email,
    InvalidUserEmail: 'abcdefgh@atko.com',
    UserIdThatDoesNotExist: '010101001010101011001010101011',
    randomUsernameCaps: email.toUpperCase(),
    randomGroupName: group,
  };
}

// Static count of what the converted collection will assert (assertions + non-empty scripts).
function countAssertions(runscope, options = {}) {
  const repeats = options.repeat && options.repeat.length ? options.repeat.length : 1;
  let requests = 0;
  let assertions = 0;
  for (const step of runscope.steps || []) {
    if (step.skipped || step.step_type !== 'request') continue;
    requests += repeats;
    assertions += repeats * ((step.assertions || []).length +
      (step.scripts || []).filter((s) => String(s).trim() !== '').length);
  }
  return { requests, assertions };
}

module.exports = { convert, initialVariables, countAssertions, COMPARE_DOC };

if (require.main === module) {
  const args = process.argv.slice(2);
  const files = [];
  const options = { pauses: false, repeat: [] };
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--pauses') options.pauses = true;
    else if (args[i] === '--repeat') {
      const [k, list] = String(args[++i]).split('=');
      for (const v of list.split(',').filter(Boolean)) options.repeat.push({ [k]: v });
    } else files.push(args[i]);
  }
  if (files.length !== 2) {
    console.error('usage: okta-to-postman.js INPUT.json OUTPUT.json [--pauses] [--repeat VAR=v1,v2]');
    process.exit(2);
  }
  const input = JSON.parse(fs.readFileSync(files[0], 'utf8'));
  fs.writeFileSync(files[1], JSON.stringify(convert(input, options), null, 2));
  const c = countAssertions(input, options);
  console.log(`${files[1]}: ${c.requests} requests, ${c.assertions} assertions`);
}
