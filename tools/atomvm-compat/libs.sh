#!/bin/bash
# Run AtomVM's tests/libs/<suite> etest modules one at a time on our VM with our atomvmlib.avm
# and etest (whose etest.hrl has AtomVM's macros). usage: libs.sh [estdlib|eavmlib] [VM binary]
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SUITE=${1:-estdlib}
VM=${2:-$ROOT/build/native/AtomVM}
LIB=${LIB:-$ROOT/build/libs/atomvmlib.avm}
SRC=${AVM_SRC:-/var/tmp/avm-src}/tests/libs/$SUITE
OUT=${AVM_OUT:-/var/tmp/avm-compat}/libs/$SUITE
rm -rf $OUT; mkdir -p $OUT; cd $OUT
for f in $SRC/*.erl; do erlc -DTEST -I $ROOT/libs/etest/include -I $SRC $f 2>/dev/null || echo "COMPILE FAIL $(basename $f)"; done
pass=0; fail=0
for f in $SRC/test_*.erl; do
  m=$(basename $f .erl)
  [ -f $m.beam ] || continue
  printf -- "-module(run_%s).\n-export([start/0]).\nstart() -> etest:test([%s]).\n" $m $m > run_$m.erl && erlc run_$m.erl
  out=$(timeout 60 $VM run_$m.beam $LIB </dev/null 2>&1)
  if echo "$out" | grep -q "^Return value: ok"; then pass=$((pass+1)); echo "ok $m"; else fail=$((fail+1)); echo "FAIL $m: $(echo "$out" | grep -v "^+\|^ok\|^$" | head -3 | cut -c1-300 | tr '\n' ' ')"; fi
done
echo "$SUITE: $pass passed, $fail failed"
