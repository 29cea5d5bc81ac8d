%% Purpose: pattern matching on lists: empty, cons, fixed-length, prefix, string prefixes, nested heads.
-module(match_lists).
-export([start/0]).
%% expect: {[empty,{single,1},{pair,1,2},{long,1,2,[3,4]}],[hello,get,other,empty_str],{1,[2,3]},[a_then_b,other,a_then_b],{3,4},"lo"}

start() ->
    A = map(fun kind/1, [[], [1], [1, 2], [1, 2, 3, 4]]),
    B = map(fun cmd/1, ["hello world", "GET /", "xyz", ""]),
    [H | T] = id([1, 2, 3]),
    C = {H, T},
    D = map(fun ab/1, [[a, b, c], [b, a], [a, b]]),
    [_, _, X, Y | _] = id([1, 2, 3, 4, 5]),
    E = {X, Y},
    "hel" ++ Rest = id("hello"),
    {A, B, C, D, E, Rest}.

kind([]) -> empty;
kind([X]) -> {single, X};
kind([X, Y]) -> {pair, X, Y};
kind([X, Y | R]) -> {long, X, Y, R}.

cmd("hello" ++ _) -> hello;
cmd([$G, $E, $T | _]) -> get;
cmd([]) -> empty_str;
cmd(_) -> other.

ab([a, b | _]) -> a_then_b;
ab(_) -> other.

id(X) -> X.

map(_, []) -> [];
map(F, [H | T]) -> [F(H) | map(F, T)].
