%% Purpose: band/bor/bxor/bnot/bsl/bsr on positive and negative small integers and bignums (two's complement semantics).
-module(arith_bitops).
-export([start/0]).
%% expect: {[8,14,6,-13],[-16,-5,3,-1],[1024,1,0,-1,-2],[1267650600228229401496703205376,2,1,0],[1267650600228229401496703205375,-1267650600228229401496703205377,1267650600228229401496703205376],[4294967295,18446744073709551615,-18446744073709551616],[0,65280,0,16,-2],2}

start() ->
    A = [id(12) band id(10), id(12) bor id(10), id(12) bxor id(10), bnot id(12)],
    B = [id(-13) band id(-4), id(-5) bor id(2), id(-5) bxor id(-8), id(-1) band id(-1)],
    C = [id(1) bsl id(10), id(1024) bsr id(10), id(1) bsr id(5), id(-1) bsr id(5), id(-3) bsr id(1)],
    D = [id(1) bsl id(100), (id(1) bsl id(100)) bsr id(99), (id(1) bsl 100) bsr 100, (id(1) bsl 100) bsr 200],
    Big = id(1) bsl 100,
    E = [Big - 1, bnot Big, (Big bor 1) band bnot 1],
    F = [(1 bsl id(32)) - 1, (1 bsl id(64)) - 1, bnot ((1 bsl id(64)) - 1)],
    G = [(Big bor 255) band (bnot 255) band 255, id(16#FF00) band id(16#FFFF00),
         %% a negative shift amount shifts the other way
         id(1) bsl id(-1), id(8) bsr id(-1), id(-8) bsl id(-2)],
    H = id(8) bsr id(2),
    {A, B, C, D, E, F, G, H}.

id(X) -> X.
