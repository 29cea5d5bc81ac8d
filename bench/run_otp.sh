#!/usr/bin/env bash
# Run the benchmarks under OTP (`erl`) and verify their checksums.
#
# Usage: bench/run_otp.sh [NAME ...]      (default: every bench/*.erl)
#
# Each module's start/0 returns {Name, Microseconds, Checksum}; the checksum is
# compared with the `%% checksum: N` line of the source. Prints one line per
# benchmark: name, in-VM time in ms, checksum, OK/MISMATCH. Exits non-zero on
# any mismatch or crash.
set -u
here="$(cd "$(dirname "$0")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

if [ $# -gt 0 ]; then
    names=("$@")
else
    names=()
    for f in "$here"/*.erl; do names+=("$(basename "$f" .erl)"); done
fi

fail=0
for n in "${names[@]}"; do
    f="$here/$n.erl"
    expect="$(grep -m1 '^%% checksum: ' "$f" | sed 's/^%% checksum: //')"
    if ! erlc -o "$tmp" "$f"; then
        echo "$n: compile error"; fail=1; continue
    fi
    # one fresh VM per benchmark so they don't disturb each other
    out="$(erl -noshell -pa "$tmp" -eval "
        R = try '$n':start() catch C:E -> {crash, C, E} end,
        case R of
            {Name, Us, Sum} when is_integer(Us) ->
                io:format(\"~p ~p ~p~n\", [Name, Us, Sum]);
            Other -> io:format(\"crash ~p~n\", [Other])
        end,
        halt().")"
    set -- $out
    if [ "${1:-}" = crash ] || [ $# -ne 3 ]; then
        echo "$n: $out"; fail=1; continue
    fi
    ms=$(( $2 / 1000 ))
    if [ "$3" = "$expect" ]; then status=OK; else status="MISMATCH (expected $expect)"; fail=1; fi
    printf '%-6s %6d ms  checksum %s  %s\n' "$1" "$ms" "$3" "$status"
done
exit $fail
