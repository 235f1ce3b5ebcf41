#!/usr/bin/env node
// `npm start`: builds what is stale, then runs the registry stand-in, the API and the
// worker together, each line of their output prefixed with the app's name. Ctrl-C (or
// SIGTERM) is forwarded so all three close cleanly. Plain Node, no dependencies, so it
// runs before anything is built.
//
//   node scripts/start.js                 build if needed, run all three
//   node scripts/start.js --build         build every app now, run nothing (npm run build)
//   node scripts/start.js --migrate-only  build the API if needed, apply migrations, exit
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const readline = require('node:readline');

const ROOT = path.resolve(__dirname, '..');
const APPS = ['registry-sim', 'api', 'worker']; // start order
const SOURCE_DIRS = ['apps', 'libs'];
const BUILD_INPUTS = ['tsconfig.json', 'nest-cli.json', 'package-lock.json'];
const START_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 15_000;

// The ports are the apps' own settings (libs/config reads them); the launcher only needs
// them to see when an app is listening, so it applies the same defaults.
const READY = {
  'registry-sim': { port: Number(process.env.REGISTRY_SIM_PORT || 3100) },
  api: { port: Number(process.env.PORT || 3000) },
  worker: { line: /Worker started/ },
};

const say = (message) => console.log(`[start] ${message}`);
const warn = (message) => console.error(`[start] ${message}`);
const entryOf = (app) => path.join(ROOT, 'dist', 'apps', app, 'main.js');
const sourceOf = (app) => path.join(ROOT, 'apps', app, 'src', 'main.ts');

/** The newest modification time of any file under dir, skipping build output and deps. */
function newestMtime(dir) {
  let newest = 0;
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (entry.isFile()) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function newestSourceMtime() {
  let newest = 0;
  for (const dir of SOURCE_DIRS) newest = Math.max(newest, newestMtime(path.join(ROOT, dir)));
  for (const file of BUILD_INPUTS) {
    const full = path.join(ROOT, file);
    if (fs.existsSync(full)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Apps whose sources exist; a missing one is skipped with a warning, not an error. */
function presentApps(apps) {
  return apps.filter((app) => {
    if (fs.existsSync(sourceOf(app))) return true;
    warn(`skipping ${app}: ${path.relative(ROOT, sourceOf(app))} does not exist yet`);
    return false;
  });
}

function build(apps, { force }) {
  const newest = force ? Infinity : newestSourceMtime();
  for (const app of apps) {
    const entry = entryOf(app);
    if (!force && fs.existsSync(entry) && fs.statSync(entry).mtimeMs >= newest) continue;
    say(`building ${app} (npx nest build ${app})`);
    const result = spawnSync('npx', ['--no-install', 'nest', 'build', app], { cwd: ROOT, stdio: 'inherit' });
    if (result.status !== 0) {
      warn(`build of ${app} failed`);
      process.exit(result.status || 1);
    }
  }
}

/** The web app (apps/web/dist, served by the API at /): its own build script, when present. */
function buildWeb({ force }) {
  const script = path.join(ROOT, 'apps', 'web', 'scripts', 'build.js');
  if (!fs.existsSync(script)) return;
  const result = spawnSync(process.execPath, [script, ...(force ? [] : ['--if-stale'])], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    warn('build of web failed');
    process.exit(result.status || 1);
  }
}

function prefixLines(stream, label, out) {
  readline.createInterface({ input: stream }).on('line', (line) => out.write(`${label} ${line}\n`));
}

function waitForPort(port, child) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null || child.signalCode !== null) return reject(new Error('exited'));
      if (Date.now() > deadline) return reject(new Error(`not listening on port ${port} after ${START_TIMEOUT_MS} ms`));
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        setTimeout(attempt, 250);
      });
    };
    attempt();
  });
}

function waitForLine(pattern, child) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${pattern.source}" after ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    const onLine = (line) => {
      if (!pattern.test(line)) return;
      clearTimeout(timer);
      resolve();
    };
    readline.createInterface({ input: child.stdout }).on('line', onLine);
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error('exited'));
    });
  });
}

async function runAll(apps) {
  const width = Math.max(...apps.map((app) => app.length));
  const children = new Map();
  let stopping = false;
  let exitCode = 0;

  const stopAll = (signal) => {
    if (stopping) return;
    stopping = true;
    for (const child of [...children.values()].reverse()) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    }
    setTimeout(() => {
      for (const [app, child] of children) {
        if (child.exitCode !== null || child.signalCode !== null) continue;
        warn(`${app} did not stop within ${STOP_TIMEOUT_MS} ms; killing it`);
        child.kill('SIGKILL');
        exitCode = 1;
      }
    }, STOP_TIMEOUT_MS).unref();
  };

  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      say(`${signal}: stopping ${[...children.keys()].join(', ')}`);
      stopAll(signal);
    });
  }
  // If this launcher dies, its children (in their own process groups) must not outlive it.
  process.on('exit', () => {
    for (const child of children.values()) if (child.exitCode === null) child.kill('SIGKILL');
  });

  const allExited = () =>
    [...children.values()].every((child) => child.exitCode !== null || child.signalCode !== null);

  for (const app of apps) {
    if (stopping) break;
    const label = `[${app.padEnd(width)}]`;
    // A process group of its own: a terminal's Ctrl-C reaches only this launcher, which
    // forwards one SIGINT. Two (the tty's and ours) would cut a Nest shutdown short.
    const child = spawn(process.execPath, [entryOf(app)], {
      cwd: ROOT,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    children.set(app, child);
    prefixLines(child.stdout, label, process.stdout);
    prefixLines(child.stderr, label, process.stderr);
    child.on('exit', (code, signal) => {
      const clean = stopping && (code === 0 || signal === 'SIGINT' || signal === 'SIGTERM');
      if (!clean) {
        warn(`${app} exited (${signal ?? `code ${code}`})${stopping ? '' : '; stopping the others'}`);
        exitCode = 1;
        stopAll('SIGTERM');
      }
      if (allExited()) process.exit(exitCode);
    });

    const ready = READY[app];
    try {
      await (ready.port ? waitForPort(ready.port, child) : waitForLine(ready.line, child));
    } catch (error) {
      if (!stopping) {
        warn(`${app} failed to start: ${error.message}`);
        exitCode = 1;
        stopAll('SIGTERM');
      }
      return;
    }
  }
  if (!stopping) {
    say(`up: web app and API http://127.0.0.1:${READY.api.port} (OpenAPI at /api/docs), registry stand-in`
      + ` http://127.0.0.1:${READY['registry-sim'].port}; Ctrl-C stops all`);
  }
}

function migrateOnly() {
  build(['api'], { force: false });
  const result = spawnSync(process.execPath, [entryOf('api'), '--migrate-only'], { cwd: ROOT, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

function main() {
  const args = process.argv.slice(2);
  if (args.includes('--migrate-only')) return migrateOnly();
  const apps = presentApps(APPS);
  if (args.includes('--build')) {
    build(apps, { force: true });
    buildWeb({ force: true });
    return;
  }
  build(apps, { force: false });
  buildWeb({ force: false });
  return runAll(apps);
}

Promise.resolve(main()).catch((error) => {
  warn(error.stack || String(error));
  process.exit(1);
});
