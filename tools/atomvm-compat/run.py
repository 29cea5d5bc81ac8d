#!/usr/bin/env python3
"""Run AtomVM's tests/erlang_tests cases, as listed in its tests/test.c with their expected
values, on our VM (each beam alone, as AtomVM's test runner does, with no libraries).
usage: run.py [native|wasm32-wasip1|wasm32-wasip1-threads|wasm32-wasip2] [case...]
Prints the failures and `<platform>: N passed of M`. See README.md."""
import re, subprocess, sys, os, concurrent.futures as cf
ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
SRC = os.path.join(os.environ.get('AVM_SRC', '/var/tmp/avm-src'), 'tests', 'test.c')
BEAMS = os.path.join(os.environ.get('AVM_OUT', '/var/tmp/avm-compat'), 'beams')
BUILD = os.environ.get('BUILD', os.path.join(ROOT, 'build'))
plat = sys.argv[1] if len(sys.argv) > 1 else 'native'
only = set(sys.argv[2:])
text = open(SRC).read()
table = text[text.index('struct Test tests[]'):text.index('{ NULL, 0, false, false }')]
table = re.sub(r'//[^\n]*', '', table)
cases = []
for m in re.finditer(r'TEST_CASE(?:_EXPECTED|_ATOMVM_ONLY|_COND)?\((\w+)(?:,\s*([^,)]+))?(?:,\s*([^)]+))?\)', table):
    name, exp, cond = m.group(1), m.group(2), m.group(3)
    exp = exp.strip() if exp else '0'
    try: val = int(exp.replace('LL', ''))
    except ValueError: val = exp
    cases.append((name, val))
def cmd(name):
    beam = f'{name}.beam'
    if plat == 'native':
        return [f'{BUILD}/native/AtomVM', beam]
    flags = {'wasm32-wasip1-threads': ['-W','threads','-W','shared-memory','-S','threads'], 'wasm32-wasip2': ['-S','inherit-network','-S','allow-ip-name-lookup']}.get(plat, [])
    return ['wasmtime','run','--dir=.'] + flags + [f'{BUILD}/{plat}/AtomVM.wasm', beam]
def run(case):
    name, val = case
    if not os.path.exists(f'{BEAMS}/{name}.beam'): return (name, 'nobeam', '')
    try:
        p = subprocess.run(cmd(name), cwd=BEAMS, capture_output=True, timeout=60, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired: return (name, 'timeout', '')
    out = p.stdout.decode(errors='replace'); err = p.stderr.decode(errors='replace')
    m = re.search(r'Return value: (.*)', out)
    got = m.group(1).strip() if m else None
    ok = got is not None and got == str(val)
    return (name, 'ok' if ok else 'FAIL', f'expected {val} got {got} ' + (err.strip().splitlines() or [''])[-1][:200] if not ok else '')
sel = [c for c in cases if not only or c[0] in only]
with cf.ThreadPoolExecutor(2) as ex:
    res = list(ex.map(run, sel))
fails = [r for r in res if r[1] != 'ok']
for r in fails: print(r[0], r[1], r[2])
print(f'{plat}: {len(res)-len(fails)} passed of {len(res)}')
