#!/usr/bin/env node
// Builds the web app (apps/web/dist), served by the API at /.
//  1. the API's OpenAPI document, made without a database (Nest preview mode),
//  2. TypeScript types from it (openapi-typescript) - a changed endpoint breaks step 3,
//  3. a type check of the web app (tsc), 4. the bundle (vite build).
//
//   node apps/web/scripts/build.js              all four steps
//   node apps/web/scripts/build.js --if-stale   only when a source is newer than the build
//   node apps/web/scripts/build.js --types-only steps 1 and 2 (for the dev server)
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const WEB = path.join(ROOT, 'apps', 'web');
const DOC = path.join(WEB, 'src', 'api', 'openapi.json');
const TYPES = path.join(WEB, 'src', 'api', 'schema.d.ts');
const BUILT = path.join(WEB, 'dist', 'index.html');
const GENERATED = new Set([DOC, TYPES]);

function newest(target) {
  let stat;
  try {
    stat = fs.statSync(target);
  } catch {
    return 0;
  }
  if (stat.isFile()) return GENERATED.has(target) ? 0 : stat.mtimeMs;
  let max = 0;
  for (const entry of fs.readdirSync(target)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    max = Math.max(max, newest(path.join(target, entry)));
  }
  return max;
}

function isStale() {
  if (!fs.existsSync(BUILT)) return true;
  const inputs = [WEB, path.join(ROOT, 'apps', 'api', 'src'), path.join(ROOT, 'libs'), path.join(ROOT, 'package-lock.json')];
  return Math.max(...inputs.map(newest)) > fs.statSync(BUILT).mtimeMs;
}

function run(label, command, args) {
  console.log(`[web] ${label}`);
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`[web] ${label} failed`);
    process.exit(result.status || 1);
  }
}

/**
 * openapi-typescript refuses a few shapes Nest's decorators can emit; drop them with a
 * warning naming the schema (the owner of that DTO should fix it at the source):
 * an `enum` on an object schema (a map keyed by status, say).
 */
function sanitise(file) {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  const walk = (node, where) => {
    if (!node || typeof node !== 'object') return;
    if (node.type === 'object' && Array.isArray(node.enum)) {
      console.warn(`[web] warning: ${where} is an object with an enum; the enum is ignored for the web types`);
      delete node.enum;
    }
    for (const [key, value] of Object.entries(node)) walk(value, `${where}/${key}`);
  };
  walk(doc.components, '#/components');
  walk(doc.paths, '#/paths');
  fs.writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
}

const args = process.argv.slice(2);
if (args.includes('--if-stale') && !isStale()) {
  console.log('[web] apps/web/dist is up to date');
  process.exit(0);
}
const bin = (name) => path.join(ROOT, 'node_modules', '.bin', name);
run('OpenAPI document (no database needed)', process.execPath, ['-r', '@swc-node/register', 'apps/api/src/web/generate-openapi.ts', DOC]);
sanitise(DOC);
// A default is what the API fills in when a field is left out, so the field stays optional.
run('API types (openapi-typescript)', bin('openapi-typescript'), [DOC, '-o', TYPES, '--silent', '--default-non-nullable', 'false']);
if (args.includes('--types-only')) process.exit(0);
run('type check (tsc)', bin('tsc'), ['-p', path.join(WEB, 'tsconfig.json')]);
run('bundle (vite build)', bin('vite'), ['build', '--config', path.join(WEB, 'vite.config.mts'), '--logLevel', 'warn']);
fs.utimesSync(BUILT, new Date(), new Date());
console.log('[web] built apps/web/dist');
