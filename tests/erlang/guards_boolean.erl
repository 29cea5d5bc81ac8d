%% Purpose: andalso/orelse (in guards and bodies, short-circuit), comma/semicolon guard sequences, not, and/or/xor.
-module(guards_boolean).
-export([start/0]).
%% expect: {[both,one,none,one],[true,false,false],[true,true,false],{false,true,true,false},{ok,ok,{badarg,caught}},[a,b,c,d]}

start() ->
    A = [bo(1, 1), bo(1, -1), bo(-1, -1), bo(-1, 1)],
    B = [in_range(5), in_range(-5), in_range(50)],
    C = [is_small_or_atom(3), is_small_or_atom(x), is_small_or_atom(1000)],
    %% andalso / orelse in bodies short-circuit: the right side is never evaluated
    D = {id(false) andalso error(never), id(true) orelse error(never),
         id(true) xor id(false), not id(true)},
    E1 = case id(1) > 0 orelse hd(id([])) of true -> ok; _ -> bad end,
    E2 = case id(false) andalso element(5, id({})) of false -> ok; _ -> bad end,
    E3 = try id(true) and (1 > hd(id([]))) of
             _ -> bad
         catch error:badarg -> {badarg, caught}
         end,
    F = map(fun seqg/1, [1, 2, c, "d"]),
    {A, B, C, D, {E1, E2, E3}, F}.

bo(X, Y) when X > 0 andalso Y > 0 -> both;
bo(X, Y) when X > 0 orelse Y > 0 -> one;
bo(_, _) -> none.

in_range(X) when not (X < 0), X < 10 -> true;
in_range(_) -> false.

is_small_or_atom(X) when (is_integer(X) andalso X < 10) orelse is_atom(X) -> true;
is_small_or_atom(_) -> false.

seqg(X) when X =:= 1 -> a;
seqg(X) when X =:= 2; X =:= b -> b;
seqg(X) when is_atom(X) -> c;
seqg(X) when is_list(X), length(X) =:= 1 -> d.

id(X) -> X.

map(_, []) -> [];
map(F, [H | T]) -> [F(H) | map(F, T)].
