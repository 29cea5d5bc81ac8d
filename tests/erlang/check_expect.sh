#!/usr/bin/env bash
# Verify the `%% expect:` line of every test module in tests/erlang/ against OTP.
#
# Usage: tests/erlang/check_expect.sh [NAME ...]
#
# Compiles every tests/erlang/*.erl (or only the named ones) into a temporary
# directory, checks that each module only imports BIFs from the allowed list
# (the bare VM has no standard library), runs every start/0 in one
# `erl -noshell` and compares io_lib:print(Result, 1, 100000000, -1) with the
# text after `%% expect: ` in the source. Prints mismatches and a summary;
# exits non-zero if anything failed.
set -u
here="$(cd "$(dirname "$0")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

if [ $# -gt 0 ]; then
    files=()
    for n in "$@"; do files+=("$here/${n%.erl}.erl"); done
else
    files=("$here"/*.erl)
fi

fail=0
mods=()
for f in "${files[@]}"; do
    m="$(basename "$f" .erl)"
    if ! grep -q '^%% expect: ' "$f"; then
        echo "NOEXPECT $m: no '%% expect: ' line"
        fail=$((fail + 1))
        continue
    fi
    if ! erlc -o "$tmp" "$f" >"$tmp/$m.erlc.log" 2>&1; then
        echo "COMPILE  $m:"
        sed 's/^/    /' "$tmp/$m.erlc.log"
        fail=$((fail + 1))
        continue
    fi
    # first expect line only, taken verbatim (UTF-8 bytes)
    grep -m1 '^%% expect: ' "$f" | sed 's/^%% expect: //' >"$tmp/$m.expect"
    mods+=("$m")
done

if [ ${#mods[@]} -gt 0 ]; then
    modlist="$(printf "'%s'," "${mods[@]}")"
    modlist="[${modlist%,}]"
    erl -noshell -pa "$tmp" -eval "
        Allowed = [
          {erlang,'+',2},{erlang,'-',2},{erlang,'*',2},{erlang,'/',2},
          {erlang,'-',1},{erlang,'+',1},
          {erlang,'div',2},{erlang,'rem',2},{erlang,'band',2},{erlang,'bor',2},
          {erlang,'bxor',2},{erlang,'bsl',2},{erlang,'bsr',2},{erlang,'bnot',1},
          {erlang,'==',2},{erlang,'/=',2},{erlang,'=:=',2},{erlang,'=/=',2},
          {erlang,'<',2},{erlang,'>',2},{erlang,'=<',2},{erlang,'>=',2},
          {erlang,'and',2},{erlang,'or',2},{erlang,'xor',2},{erlang,'not',1},
          {erlang,element,2},{erlang,setelement,3},{erlang,tuple_size,1},
          {erlang,make_tuple,2},{erlang,make_tuple,3},{erlang,append_element,2},
          {erlang,list_to_tuple,1},{erlang,tuple_to_list,1},
          {erlang,length,1},{erlang,hd,1},{erlang,tl,1},
          {erlang,'++',2},{erlang,'--',2},
          {erlang,atom_to_list,1},{erlang,list_to_atom,1},
          {erlang,list_to_existing_atom,1},
          {erlang,integer_to_list,1},{erlang,integer_to_list,2},
          {erlang,list_to_integer,1},{erlang,list_to_integer,2},
          {erlang,self,0},{erlang,make_ref,0},{erlang,fun_info,2},
          {erlang,is_function,2},
          {erlang,put,2},{erlang,get,1},{erlang,get,0},{erlang,erase,1},
          {erlang,erase,0},{erlang,get_keys,0},
          {lists,reverse,2},{lists,keyfind,3},{lists,keymember,3},
          {lists,member,2},
          {erlang,abs,1},{erlang,min,2},{erlang,max,2},
          {erlang,trunc,1},{erlang,round,1},{erlang,float,1},
          {erlang,throw,1},{erlang,error,1},{erlang,error,2},{erlang,exit,1},
          {erlang,raise,3},{erlang,apply,2},{erlang,apply,3},
          {erlang,monotonic_time,0},{erlang,monotonic_time,1},
          %% generated module_info/0,1 (never called by the tests)
          {erlang,get_module_info,1},{erlang,get_module_info,2}],
        Run = fun(M) ->
            {ok, {_, [{imports, Imps}]}} = beam_lib:chunks(code:which(M), [imports]),
            %% modules named no_such_* stand for deliberately missing code
            Bad = [I || {Mod, _, _} = I <- Imps, Mod =/= M,
                        not lists:prefix(\"no_such_\", atom_to_list(Mod)),
                        not lists:member(I, Allowed),
                        not (Mod =:= erlang andalso
                             lists:prefix(\"is_\", atom_to_list(element(2, I))))],
            Out = try M:start() of
                      R -> lists:flatten(io_lib:print(R, 1, 100000000, -1))
                  catch C:E:St ->
                      lists:flatten(io_lib:format(\"CRASH ~p:~p ~p\", [C, E, St]))
                  end,
            BadTxt = case Bad of [] -> \"\"; _ -> lists:flatten(io_lib:format(\"~w\", [Bad])) end,
            ok = file:write_file(filename:join(\"$tmp\", atom_to_list(M) ++ \".actual\"),
                                 unicode:characters_to_binary(Out ++ \"\n\")),
            ok = file:write_file(filename:join(\"$tmp\", atom_to_list(M) ++ \".imports\"),
                                 unicode:characters_to_binary(BadTxt))
        end,
        lists:foreach(Run, $modlist),
        halt()."
fi

pass=0
for m in "${mods[@]}"; do
    if [ ! -f "$tmp/$m.actual" ]; then
        echo "NORUN    $m"
        fail=$((fail + 1))
        continue
    fi
    ok=1
    if [ -s "$tmp/$m.imports" ]; then
        echo "IMPORTS  $m: calls outside the allowed BIFs: $(cat "$tmp/$m.imports")"
        ok=0
    fi
    if ! cmp -s "$tmp/$m.expect" "$tmp/$m.actual"; then
        echo "MISMATCH $m"
        echo "    expect: $(cat "$tmp/$m.expect")"
        echo "    actual: $(cat "$tmp/$m.actual")"
        ok=0
    fi
    if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done

echo "check_expect: $pass passed, $fail failed (of $((pass + fail)))"
[ $fail = 0 ]
