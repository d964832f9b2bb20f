#!/usr/bin/env node
// Small helpers for run.sh (plain Node 18+, no dependencies).
//   node tools.js free-port                       prints a free TCP port on 127.0.0.1
//   node tools.js wait-http URL SECONDS [PID]     waits until GET URL answers 200 (exit 1 on timeout
//                                                 or when process PID has exited)
//   node tools.js sum FILE...                     adds up {passed, failed} of results files and
//                                                 prints "PASSED FAILED"
//   node tools.js recap FILE...                   one line per suite / scenario set in the files
'use strict';

const fs = require('fs');
const net = require('net');

function alive(pid) {
  if (!pid) return true;
  try { process.kill(Number(pid), 0); return true; } catch (e) { return e.code === 'EPERM'; }
}

async function waitHttp(url, seconds, pid) {
  const deadline = Date.now() + Number(seconds) * 1000;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (!alive(pid)) { console.error(`process ${pid} exited while waiting for ${url}`); return 1; }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.text();
      if (res.status === 200) return 0;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = e.cause && e.cause.code ? e.cause.code : e.message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  console.error(`${url} did not answer 200 within ${seconds}s (last: ${last})`);
  return 1;
}

async function main(argv) {
  const [cmd, ...args] = argv;
  switch (cmd) {
    case 'free-port':
      return new Promise((resolve) => {
        const s = net.createServer();
        s.listen(0, '127.0.0.1', () => {
          const { port } = s.address();
          s.close(() => { console.log(port); resolve(0); });
        });
      });
    case 'wait-http':
      return waitHttp(args[0], args[1] || 30, args[2]);
    case 'sum': {
      let passed = 0;
      let failed = 0;
      for (const f of args) {
        try {
          const r = JSON.parse(fs.readFileSync(f, 'utf8'));
          passed += Number(r.passed) || 0;
          failed += Number(r.failed) || 0;
        } catch (e) {
          console.error(`cannot read results ${f}: ${e.message}`);
          failed += 1;
        }
      }
      console.log(`${passed} ${failed}`);
      return 0;
    }
    case 'recap': {
      for (const f of args) {
        let r;
        try { r = JSON.parse(fs.readFileSync(f, 'utf8')); } catch (e) { console.log(`  ${f}: no results (${e.message})`); continue; }
        const label = r.label ? `[${r.label}] ` : '';
        if (r.suites) {
          for (const s of r.suites) {
            console.log(`  ${label}${s.name}: ${s.requests} requests, assertions ${s.passed} passed, ${s.failed} failed${s.error ? ` (${s.error})` : ''}`);
          }
        } else if (r.scenarios) {
          const bad = r.scenarios.filter((x) => x.failed).length;
          console.log(`  ${label}scenarios: ${r.scenarios.length - bad}/${r.scenarios.length} files pass, checks ${r.passed} passed, ${r.failed} failed`);
        } else {
          console.log(`  ${label}${r.what || f}: ${r.passed} passed, ${r.failed} failed${r.reason ? ` (${r.reason})` : ''}`);
        }
      }
      return 0;
    }
    default:
      console.error('usage: tools.js free-port | wait-http URL SECONDS [PID] | sum FILE...');
      return 2;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code), (e) => { console.error(e.message); process.exit(2); });
