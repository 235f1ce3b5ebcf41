#!/usr/bin/env python3
# Usage: python3 scripts/fix-lock-platforms.py package-lock.json \
#          $(npm ci --dry-run 2>&1 | grep 'Missing:' | sed 's/.*Missing: //; s/@ from lock file//')
#
# Adds lock entries for platform-specific optional packages this machine's registry does
# not serve, so `npm ci` sees package.json and the lock in sync. They are never installed
# here (os/cpu do not match), exactly as npm treats them on any other machine.
import json, re, subprocess, sys
path = sys.argv[1]
missing = sys.argv[2:]
lock = json.load(open(path))
pk = lock['packages']
CPUS = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'loong64', 'riscv64']
OSES = ['darwin', 'linux', 'win32', 'android', 'freebsd', 'openharmony']
added = []
for name in missing:
    parent = next(k for k, v in pk.items() if name in (v.get('optionalDependencies') or {}))
    version = pk[parent]['optionalDependencies'][name]
    tail = name.split('/')[-1]
    os_ = next(o for o in OSES if f'-{o}-' in tail)
    rest = tail.split(f'-{os_}-', 1)[1]
    cpu = next(c for c in CPUS if rest == c or rest.startswith(c + '-'))
    sibling = next(v for k, v in pk.items() if k != parent and k.startswith('node_modules/' + name.rsplit('-' + os_, 1)[0]))
    entry = {'version': version, 'cpu': [cpu]}
    if sibling.get('dev'): entry['dev'] = True
    if sibling.get('license'): entry['license'] = sibling['license']
    entry['optional'] = True
    entry['os'] = [os_]
    if sibling.get('engines'): entry['engines'] = sibling['engines']
    pk['node_modules/' + name] = entry
    added.append((name, version, os_, cpu))
# Keep npm's own order: each new entry goes right after its platform siblings.
order = [k for k in pk if k not in {'node_modules/' + a[0] for a in added}]
for name, *_ in added:
    key = 'node_modules/' + name
    stem = key.rsplit('-' + next(o for o in OSES if f'-{o}-' in name), 1)[0]
    at = max(i for i, k in enumerate(order) if k.startswith(stem))
    order.insert(at + 1, key)
lock['packages'] = {k: pk[k] for k in order}
open(path, 'w').write(json.dumps(lock, indent=2) + '\n')
for a in added: print(*a)
