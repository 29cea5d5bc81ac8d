#!/bin/bash
# Compile AtomVM's tests/erlang_tests (a copy of AtomVM's repository in $AVM_SRC) with the
# host's erlc into $AVM_OUT/beams, as AtomVM's CMake files do (without its JIT). See README.md.
set -e
AVM_SRC=${AVM_SRC:-/var/tmp/avm-src}
AVM_OUT=${AVM_OUT:-/var/tmp/avm-compat}
SRC=$AVM_SRC/tests/erlang_tests
OUT=$AVM_OUT/beams
PACKBEAM=${PACKBEAM:-${CARGO_TARGET_DIR:-/var/tmp/atomvm-target}/release/packbeam}
rm -rf $OUT; mkdir -p $OUT/code_load
cd $OUT/code_load
erlc $SRC/code_load/export_test_module.erl
escript $SRC/to_hrl.erl export_test_module.beam EXPORT_TEST_MODULE_DATA export_test_module_data.hrl
$PACKBEAM create code_load_pack.avm export_test_module.beam >/dev/null 2>&1 || $PACKBEAM code_load_pack.avm export_test_module.beam
escript $SRC/to_hrl.erl code_load_pack.avm CODE_LOAD_PACK_DATA code_load_pack_data.hrl
cd $OUT
for f in $SRC/*.erl; do
  m=$(basename $f .erl); [ $m = to_hrl ] && continue
  erlc -DAVM_DISABLE_JIT -I $OUT -I $SRC $f 2>/dev/null || echo "COMPILE FAIL $m"
done
for f in $SRC/*.S; do erlc $f 2>/dev/null || echo "COMPILE FAIL $(basename $f)"; done
ls *.beam | wc -l
# test_min_max_guard needs OTP 26+ (min/max in guards): compiled by the OTP 29 chroot
R=/var/tmp/atomvm-otp/otp29; mkdir -p $R/tmp/mm && cp $SRC/test_min_max_guard.erl $R/tmp/mm/ && chroot $R sh -c "cd /tmp/mm && erlc test_min_max_guard.erl" && cp $R/tmp/mm/test_min_max_guard.beam $OUT/
