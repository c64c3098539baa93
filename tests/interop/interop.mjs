// Cross-language interop: the providers' own npm packages against the C# bridge, both ways.
//   1. fixtures signed by each provider's official signer → a running bridge accepts them (and rejects a wrong secret
//      or a tampered body), and the stored events map to the sidecars' payments;
//   2. the bridge's own signatures (its `replay` verb) → accepted by each provider's official verifier.
// Exit code 0 only when every check passes. See README.md.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { providers, officialVerify, tamper, checkReferenceVectors } from './lib/providers.mjs';
import { startBridge, loadFixtures, hasReplayVerb, repoRoot } from './lib/bridge.mjs';
import { startCaptureServer } from './lib/capture.mjs';

const started = Date.now();
const tally = new Map(); // "provider|check" → { pass, fail }
const failures = [];
const notes = [];

async function check(provider, name, label, fn) {
  const key = `${provider}|${name}`;
  if (!tally.has(key)) tally.set(key, { pass: 0, fail: 0 });
  try {
    await fn();
    tally.get(key).pass++;
  } catch (e) {
    tally.get(key).fail++;
    failures.push(`${provider} › ${name} › ${label}: ${e.message.split('\n')[0]}`);
  }
}

const PAYMENT_FIELDS = ['kind', 'amount_minor', 'currency', 'provider_payment_id'];

async function sendSignedFixtures(bridge, name, connections) {
  const { secret, wrongSecret, sign } = providers[name];
  const stored = [];
  for (const { name: fixture, body, sidecar } of loadFixtures(name)) {
    const connection = sidecar.live_mode ? connections.live : connections.test; // a live event goes to a live endpoint
    const send = (headers, payload) => bridge.post(name, connection.id, { ...sidecar.headers, ...headers }, payload);

    await check(name, 'signed→200', fixture, async () => {
      const headers = sign(body, sidecar, secret);
      await officialVerify(name, body, { ...sidecar.headers, ...headers }, secret); // the signer and verifier agree
      const res = await send(headers, body);
      assert.equal(res.status, 200, JSON.stringify(res.json));
      assert.equal(res.json.received, true);
      assert.equal(res.json.duplicate, false);
      stored.push({ fixture, sidecar, id: res.json.id });
    });
    await check(name, 'wrong-secret→400', fixture, async () => {
      const res = await send(sign(body, sidecar, wrongSecret), body);
      assert.equal(res.status, 400, JSON.stringify(res.json));
      assert.equal(res.json?.error?.code, 'INVALID_SIGNATURE');
    });
    await check(name, 'tampered→400', fixture, async () => {
      const res = await send(sign(body, sidecar, secret), tamper(body));
      assert.equal(res.status, 400, JSON.stringify(res.json));
      assert.equal(res.json?.error?.code, 'INVALID_SIGNATURE');
    });
  }
  return stored;
}

async function checkStoredPayments(bridge, name, stored) {
  const statuses = {};
  for (const { fixture, sidecar, id } of stored) {
    await check(name, 'payments', fixture, async () => {
      const event = await bridge.settled(id);
      statuses[event.status] = (statuses[event.status] ?? 0) + 1;
      if (event.status === 'parked') notes.push(`${name}/${fixture} parked: ${event.reason}`);
      assert.ok(['processed', 'ignored', 'parked'].includes(event.status), `status ${event.status}: ${event.reason}`);
      assert.equal(event.provider_event_id, sidecar.event_id);
      assert.equal(event.payments.length, sidecar.payments.length, `number of payments (status ${event.status}: ${event.reason})`);
      sidecar.payments.forEach((want, i) => {
        for (const field of PAYMENT_FIELDS.filter((f) => f in want))
          assert.deepEqual(event.payments[i][field], want[field], `payments[${i}].${field}`);
      });
    });
  }
  notes.push(`${name} events settled: ${Object.entries(statuses).map(([s, n]) => `${s} ${n}`).join(', ')}`);
}

async function checkReplay(bridge, capture, name, connection) {
  const fixtures = loadFixtures(name);
  await check(name, 'replay-count', name, async () => {
    await bridge.cli('replay', join(repoRoot, 'fixtures', name), '--url', capture.url, '--connection', connection.id, '--secret', providers[name].secret, '--json');
    assert.equal(capture.requests.length, fixtures.length);
  });
  const requests = capture.take();
  for (const r of requests) {
    const fixture = fixtures.find((f) => f.body.equals(r.body));
    const label = fixture?.name ?? r.path;
    await check(name, 'replay-verified', label, () => {
      assert.ok(fixture, 'body is byte-for-byte a fixture body');
      assert.equal(r.method, 'POST');
      assert.equal(r.path, `/webhooks/${name}/${connection.id}`);
      if ('webhook-id' in r.headers) assert.equal(r.headers['webhook-id'], fixture.sidecar.event_id);
      assert.equal(r.verified, true, String(r.verified));
    });
    await check(name, 'replay-tampered', label, () => assert.equal(r.tamperedRejected, true, 'the verifier accepted a tampered body'));
  }
}

async function main() {
  for (const [name, p] of Object.entries(providers)) notes.push(`${name}: signed with ${p.signer}; verified with ${p.verifier}`);
  await check('vectors', 'reference', 'vectors', async () => notes.push(`reference vectors ok: ${(await checkReferenceVectors()).join(', ')}`));
  const bridge = await startBridge();
  const capture = await startCaptureServer();
  try {
    const connections = {};
    for (const name of Object.keys(providers)) {
      connections[name] = {};
      for (const mode of ['test', 'live']) connections[name][mode] = await bridge.addConnection(name, providers[name].secret, mode);
    }

    for (const name of Object.keys(providers)) {
      const stored = await sendSignedFixtures(bridge, name, connections[name]);
      await checkStoredPayments(bridge, name, stored);
    }

    if (await hasReplayVerb(bridge)) {
      for (const name of Object.keys(providers)) await checkReplay(bridge, capture, name, connections[name].test);
    } else {
      notes.push(`SKIPPED part 2 (our signatures through the SDKs' verifiers): ${bridge.dll} has no 'replay' verb yet`);
    }
  } catch (e) {
    failures.push(`run aborted: ${e.stack}\n--- bridge log tail ---\n${bridge.logTail()}`);
  } finally {
    await capture.close();
    await bridge.stop();
  }
}

await main().catch((e) => failures.push(`run aborted: ${e.stack}`));

// One row per provider, one column per check: passed/total.
const columns = [...new Set([...tally.keys()].map((k) => k.split('|')[1]))];
const rowNames = [...new Set([...tally.keys()].map((k) => k.split('|')[0]))];
const cell = (r, c) => {
  const t = tally.get(`${r}|${c}`);
  return t ? `${t.pass}/${t.pass + t.fail}${t.fail ? '✗' : ''}` : '-';
};
const widths = columns.map((c) => Math.max(c.length, ...rowNames.map((r) => cell(r, c).length)));
const line = (first, cells) => `  ${first.padEnd(8)}${cells.map((x, i) => x.padStart(widths[i] + 2)).join('')}`;
console.log(`interop: provider SDKs ↔ bridge, ${((Date.now() - started) / 1000).toFixed(1)} s (passed/total)`);
console.log(line('', columns));
for (const r of rowNames) console.log(line(r, columns.map((c) => cell(r, c))));
for (const n of notes) console.log(`  note: ${n}`);
if (failures.length) {
  console.log(`\n${failures.length} failure(s):`);
  for (const f of failures) console.log(`  ✗ ${f}`);
}
process.exitCode = failures.length ? 1 : 0;
