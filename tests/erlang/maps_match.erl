%% Map patterns: bound-variable keys, overlapping destinations, updates in guards (fail labels), maps past 32 keys.
-module(maps_match).
-export([start/0]).
%% expect: {{found,1},not_found,{found,#{d => 4}},#{a => 2,b => 1,c => #{d => 4}},#{next => 3},[only_a,has_a,is_map,not_map],{same_x,1,2},{different,1,2},all,only_one,none,5050,100,100,200,201,{changed,1},false,true,true}

id(X) -> X.

lookup(K, M) ->
    case M of
        #{K := V} -> {found, V};
        #{} -> not_found
    end.

swap(#{a := B, b := A} = M) -> M#{a := A, b := B}.

chain(M) ->
    #{next := N} = M,
    #{next := N2} = N,
    N2.

upd_guard(M) when (M#{a := 0}) =:= #{a => 0} -> only_a;
upd_guard(M) when is_map(M#{a := 0}) -> has_a;
upd_guard(M) when is_map(M#{b => 1}) -> is_map;
upd_guard(_) -> not_map.

both(#{x := X, y := Y}, #{x := X}) -> {same_x, X, Y};
both(#{x := X}, #{x := Z}) -> {different, X, Z}.

keys_present(M) ->
    case M of
        #{1 := _, 2.0 := _, <<"bin">> := _, [l] := _, {t, 1} := _} -> all;
        #{1 := _} -> only_one;
        _ -> none
    end.

fill(0, M) -> M;
fill(N, M) -> fill(N - 1, M#{N => {N}, {key, N} => N}).

check(_M, 0, Acc) -> Acc;
check(M, N, Acc) ->
    #{N := {V}, {key, N} := V} = M,
    check(M, N - 1, Acc + V).

count(M, N) ->
    case M of
        #{N := _} -> count(M, N + 1);
        _ -> N - 1
    end.

start() ->
    M = id(#{a => 1, b => 2, c => #{d => 4}}),
    Big = fill(100, #{}),
    Big2 = Big#{50 := changed, new => 1},
    {lookup(a, M), lookup(z, M), lookup(id(c), M), swap(M),
     chain(#{next => #{next => #{next => 3}}}),
     [upd_guard(#{a => 5}), upd_guard(#{a => 1, b => 2}), upd_guard(#{c => 3}),
      upd_guard(nope)],
     both(#{x => 1, y => 2}, #{x => 1}), both(#{x => 1, y => 2}, #{x => 2}),
     keys_present(#{1 => a, 2.0 => b, <<"bin">> => c, [l] => d, {t, 1} => e}),
     keys_present(#{1 => a, 2 => b}), keys_present(#{1.0 => a}),
     check(Big, 100, 0), count(Big, 1), count(Big2, 1), map_size(Big), map_size(Big2),
     case Big2 of #{50 := X, new := Y} -> {X, Y} end, Big =:= Big2, Big == fill(100, #{}),
     Big < Big2}.
