// Start/stop `openrouterd` for the conformance tests.
//
//   const srv = await startServer({ importFiles: [...] });   // fresh temp db each time
//   ... srv.baseURL  ('http://127.0.0.1:PORT')
//   await srv.stop();
//
// Every spawned server is killed (SIGKILL) when this process exits for any reason, and its
// temp directory is removed.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export function sourceDir() {
  return process.env.OR_SOURCE_DIR || path.resolve(HERE, '../../..');
}

export function sharedDir() {
  return process.env.OR_SHARED_DIR || path.resolve(sourceDir(), '../shared');
}

export function dataDir() {
  return path.join(sharedDir(), 'data', 'openrouter');
}

// Locate the binary: $OR_BIN_DIR/openrouterd, else the newest <source>/build*/bin/openrouterd.
export function findBinary() {
  if (process.env.OR_BIN_DIR) {
    const p = path.join(process.env.OR_BIN_DIR, 'openrouterd');
    return fs.existsSync(p) ? p : null;
  }
  let best = null;
  let bestTime = 0;
  for (const d of fs.readdirSync(sourceDir())) {
    if (!d.startsWith('build')) continue;
    const p = path.join(sourceDir(), d, 'bin', 'openrouterd');
    try {
      const st = fs.statSync(p);
      if (st.mtimeMs > bestTime) { best = p; bestTime = st.mtimeMs; }
    } catch { /* not there */ }
  }
  return best;
}

export function requireBinary() {
  const bin = findBinary();
  if (!bin) {
    const where = process.env.OR_BIN_DIR ? `$OR_BIN_DIR=${process.env.OR_BIN_DIR}` : `${sourceDir()}/build*/bin`;
    throw new Error(`openrouterd binary not found in ${where}`);
  }
  return bin;
}

const live = new Set();   // {child, tmp}

function cleanupAll() {
  for (const s of live) {
    try { if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL'); } catch { /* gone */ }
    try { fs.rmSync(s.tmp, { recursive: true, force: true }); } catch { /* ignore */ }
  }
  live.clear();
}
process.on('exit', cleanupAll);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => { cleanupAll(); process.exit(128 + (os.constants.signals[sig] || 1)); });
}

// Run `openrouterd ARGS...` to completion. Returns {status, stdout, stderr}.
export function runCli(args, { timeoutMs = 120000 } = {}) {
  const bin = requireBinary();
  const r = spawnSync(bin, args, { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20 });
  return { status: r.status, signal: r.signal, stdout: r.stdout || '', stderr: r.stderr || '', error: r.error };
}

function tail(s, n = 1500) {
  s = String(s || '').trim();
  return s.length > n ? '...' + s.slice(-n) : s;
}

// Start a server on a fresh temp db, importing `importFiles` first (if any).
// Returns {baseURL, db, tmp, bin, stderr(), stop()}.
export async function startServer({ importFiles = [], listenTimeoutMs = 30000, env = {} } = {}) {
  const bin = requireBinary();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'or-conformance-'));
  const db = path.join(tmp, 'catalog.db');
  const entry = { child: null, tmp };

  if (importFiles.length) {
    const t0 = Date.now();
    const r = spawnSync(bin, ['import', '--db', db, ...importFiles], {
      encoding: 'utf8', timeout: 120000, maxBuffer: 64 << 20,
    });
    if (r.status !== 0) {
      fs.rmSync(tmp, { recursive: true, force: true });
      throw new Error(`openrouterd import ${importFiles.map((f) => path.basename(f)).join(' ')} failed `
        + `(status ${r.status}${r.signal ? ', signal ' + r.signal : ''}${r.error ? ', ' + r.error.message : ''}): `
        + tail(r.stderr || r.stdout));
    }
    entry.importMs = Date.now() - t0;
  }

  const child = spawn(bin, ['serve', '--db', db, '--listen', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  entry.child = child;
  live.add(entry);

  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => { stderr += d; if (stderr.length > 200000) stderr = stderr.slice(-100000); });
  child.stdout.setEncoding('utf8');

  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const baseURL = await new Promise((resolve, reject) => {
    let buf = '';
    let done = false;
    const finish = (err, val) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) reject(err); else resolve(val);
    };
    const timer = setTimeout(() => finish(new Error(
      `openrouterd serve printed no 'listening on' line within ${listenTimeoutMs} ms; stderr: ${tail(stderr)}`)), listenTimeoutMs);
    child.stdout.on('data', (d) => {
      if (done) return;
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      const first = buf.slice(0, nl).trim();
      const m = /^listening on (http:\/\/[^\s/]+)\/?$/.exec(first);
      if (m) finish(null, m[1]);
      else finish(new Error(`first stdout line of openrouterd serve is not 'listening on http://HOST:PORT': ${JSON.stringify(first)}`));
    });
    exited.then(({ code, signal }) => finish(new Error(
      `openrouterd serve exited early (code ${code}, signal ${signal}); stderr: ${tail(stderr)}`)));
  }).catch((e) => {
    try { child.kill('SIGKILL'); } catch { /* gone */ }
    live.delete(entry);
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  });
  // keep draining stdout so the child never blocks on a full pipe
  child.stdout.on('data', () => {});

  let stopped = null;
  const stop = async ({ timeoutMs = 5000 } = {}) => {
    if (stopped) return stopped;
    stopped = (async () => {
      let result = { code: child.exitCode, signal: child.signalCode, forced: false };
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const t = new Promise((r) => setTimeout(() => r(null), timeoutMs));
        const res = await Promise.race([exited, t]);
        if (res === null) {
          child.kill('SIGKILL');
          result = { ...(await exited), forced: true };
        } else {
          result = { ...res, forced: false };
        }
      }
      live.delete(entry);
      fs.rmSync(tmp, { recursive: true, force: true });
      return result;
    })();
    return stopped;
  };

  return {
    baseURL,
    db,
    tmp,
    bin,
    importMs: entry.importMs,
    stderr: () => stderr,
    alive: () => child.exitCode === null && child.signalCode === null,
    stop,
  };
}
