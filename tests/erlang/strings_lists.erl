%% Purpose: string literals as character lists: ++, matching prefixes, $c character literals, escapes, reversing, printable vs non-printable lists.
-module(strings_lists).
-export([start/0]).
%% expect: {"abcdef",6,"fedcba","abc",true,"tab\there","line\n","\b\e","quote\"d",{"key","value"},"HELLO",[1,2,3],"a1b2"}

start() ->
    S = "abc" ++ "def",
    A = S,
    B = length(S),
    C = reverse(S),
    D = [$a, $b, $c],
    E = "abc" =:= [97, 98, 99],
    F = "tab\there",
    G = "line\n",
    H = [$\b, $\e],
    I = "quote\"d",
    J = split_eq("key=value"),
    K = upper("hello"),
    L = [1, 2, 3],
    M = interleave("ab", "12"),
    {A, B, C, D, E, F, G, H, I, J, K, L, M}.

reverse(L) -> lists:reverse(L, []).

split_eq(S) -> split_eq(S, []).
split_eq([$= | Rest], Acc) -> {reverse(Acc), Rest};
split_eq([C | Rest], Acc) -> split_eq(Rest, [C | Acc]).

upper([]) -> [];
upper([C | T]) when C >= $a, C =< $z -> [C - 32 | upper(T)];
upper([C | T]) -> [C | upper(T)].

interleave([A | As], [B | Bs]) -> [A, B | interleave(As, Bs)];
interleave([], []) -> [].
