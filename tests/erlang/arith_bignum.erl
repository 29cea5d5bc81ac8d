%% Purpose: bignums: overflow from small ints and back, factorials, big comparisons, negative bignums, mixed small/big ops, integer_to_list of bignums.
-module(arith_bignum).
-export([start/0]).
%% expect: {30414093201713378043612608166064768844377641568960512000000000000,265252859812191058636308480000000,true,[true,true,false,true],3,1,[0,-1,1],"400000000000000000",1180591620717411303424,"-99999999999999999999999999999998",true,65,{9223372036854775807,9223372036854775808,-9223372036854775808,-9223372036854775809}}

start() ->
    F50 = fact(50),
    F30 = fact(30),
    %% dividing back down returns to a small integer that compares equal
    Back = F50 div fact(49) =:= 50,
    Cmp = [F50 > F30, -F50 < -F30, F30 > F50, F30 * 0 =:= 0],
    Small = (F50 - F50 + 3),
    One = (1 bsl 100) - (1 bsl 100) + 1,
    Signs = [sign(F50 - F50), sign(-F30), sign(F30)],
    Hex = integer_to_list(1 bsl 70, 16),
    Pow = pow(2, 70),
    Neg = integer_to_list(-(pow(10, 32) - 2)),
    Round = (F50 * F30) div F30 =:= F50,
    %% count how many times we can halve a bignum before it is small
    Halvings = halve(1 bsl 90, 0),
    Edges = {pow(2, 63) - 1, pow(2, 63), -pow(2, 63), -pow(2, 63) - 1},
    {F50, F30, Back, Cmp, Small, One, Signs, Hex, Pow, Neg, Round, Halvings, Edges}.

fact(0) -> 1;
fact(N) -> N * fact(N - 1).

pow(_, 0) -> 1;
pow(B, E) -> B * pow(B, E - 1).

sign(0) -> 0;
sign(X) when X < 0 -> -1;
sign(_) -> 1.

halve(N, C) when N < 1 bsl 26 -> C;
halve(N, C) -> halve(N div 2, C + 1).
