%% Purpose: erts_debug:flat_size/1 and size/1 count heap words as 64-bit OTP 29 does (lists, tuples, floats, bignums, binaries, small maps, references), size/1 counting shared subterms once.
%% expect: {[0,0,2,3,5,0,2,6,0,3,2,3,7,8,10,8,8,8,3,6,8,68,3,13],{10,7},{31,13}}
-module(erts_debug_size).
-export([start/0]).

start() ->
    Terms = [a, 1, id(1.0), id(1 bsl 70), id(1 bsl 200), [], id([a]), id("abc"), {}, id({a, b}),
             bin(0), bin(8), bin(40), bin(41), bin(64), bin(65), bin(1000), sub(bin(100)),
             #{}, id(#{a => 1}), id(#{a => 1, b => 2}), small_map(32), make_ref(),
             id({{a}, {1, 2}, {[], [], []}})],
    T = id({x, y}),
    Shared = id([T, T]),
    L = id([1, 2, 3]),
    Deep = id({L, L, {L, L}}),
    {[erts_debug:flat_size(X) || X <- Terms],
     {erts_debug:flat_size(Shared), erts_debug:size(Shared)},
     {erts_debug:flat_size(Deep), erts_debug:size(Deep)}}.

bin(N) -> id(binary:copy(<<7>>, N)).

sub(B) ->
    <<_:8, Rest/binary>> = B,
    Rest.

small_map(N) -> maps:from_list(pairs(N)).

pairs(0) -> [];
pairs(N) -> [{N, N} | pairs(N - 1)].

id(X) -> X.
