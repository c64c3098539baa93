// A running bridge (the built Bridge.Host DLL over a fresh SQLite file) and its CLI verbs.
import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer().once('error', fail).listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

/** Every `<case>.json` of fixtures/<provider>/ with its sidecar, sorted by name (as the replay verb orders them). */
export function loadFixtures(provider) {
  const dir = join(repoRoot, 'fixtures', provider);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.expect.json'))
    .sort()
    .map((f) => ({
      name: f.slice(0, -'.json'.length),
      body: readFileSync(join(dir, f)),
      sidecar: JSON.parse(readFileSync(join(dir, f.replace(/\.json$/, '.expect.json')), 'utf8')),
    }));
}

export async function startBridge() {
  const dll = process.env.BRIDGE_DLL ?? join(repoRoot, 'src/Bridge.Host/bin/Debug/net10.0/Bridge.Host.dll');
  if (!existsSync(dll)) throw new Error(`no bridge build at ${dll} (build it, or set BRIDGE_DLL)`);
  const dir = mkdtempSync(join(tmpdir(), 'bridge-interop-'));
  const url = `http://127.0.0.1:${await freePort()}`;
  const env = { ...process.env, ASPNETCORE_URLS: url, ASPNETCORE_ENVIRONMENT: 'Production', Storage__SqlitePath: join(dir, 'bridge.db') };
  const cwd = dir; // keeps the DLL away from the repository's appsettings/data folders

  const cli = async (...args) => {
    try {
      const { stdout } = await run('dotnet', [dll, ...args], { env, cwd, maxBuffer: 16 << 20, timeout: 90_000 });
      return stdout;
    } catch (e) {
      throw new Error(`bridge ${args[0]} failed (${e.code ?? e.signal}): ${e.stderr || e.stdout || e.message}`);
    }
  };

  // Migrate and seed before the server starts, so the two never race for the fresh database file.
  const seed = JSON.parse(await cli('seed-demo', '--json'));
  const log = [];
  const child = spawn('dotnet', [dll], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) stream.on('data', (d) => log.push(d.toString()));
  let exited = null; // "code N" / "signal S" once the process has ended
  child.on('exit', (code, signal) => (exited = signal ? `signal ${signal}` : `code ${code}`));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error(`bridge exited (${exited}) before answering:\n${log.join('').slice(-4000)}`);
    try {
      await fetch(`${url}/v1/program`);
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`bridge did not answer on ${url} within 30 s:\n${log.join('').slice(-4000)}`);
      }
      await sleep(200);
    }
  }

  const auth = { authorization: `Bearer ${seed.api_key}` };
  return {
    url, dll, seed, cli,
    logTail: () => log.join('').slice(-4000),
    async addConnection(provider, secret, mode) {
      return JSON.parse(await cli('connections', 'add', '--provider', provider, '--secret', secret, '--mode', mode, '--team', seed.team_id, '--json'));
    },
    async post(provider, connectionId, headers, body) {
      const res = await fetch(`${url}/webhooks/${provider}/${connectionId}`, { method: 'POST', headers, body });
      return { status: res.status, json: await res.json().catch(() => null) };
    },
    /** Polls GET /v1/inbound-events/{id} until the event leaves pending/processing. */
    async settled(id, timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const res = await fetch(`${url}/v1/inbound-events/${id}`, { headers: auth });
        const body = await res.json();
        if (res.status !== 200) throw new Error(`GET /v1/inbound-events/${id} → ${res.status} ${JSON.stringify(body)}`);
        const event = body.data;
        if (!['pending', 'processing'].includes(event.status)) return event;
        if (Date.now() > until) throw new Error(`event ${id} still ${event.status} after ${timeoutMs / 1000} s`);
        await sleep(150);
      }
    },
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        await Promise.race([new Promise((r) => child.once('exit', r)), sleep(5000)]);
        if (!exited) child.kill('SIGKILL');
      }
      process.off('exit', killOnExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Whether the built DLL knows the replay verb (its help lists it). */
export async function hasReplayVerb(bridge) {
  const help = await bridge.cli('--help').catch((e) => e.message);
  return /^\s*replay\b/m.test(help);
}
