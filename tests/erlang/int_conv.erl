%% Purpose: integer/list conversions: integer_to_list/1,2 (bases 2, 16, 36, negatives, bignums), list_to_integer/1,2, badarg on bad input.
-module(int_conv).
-export([start/0]).
%% expect: {"123","-45","0","1111011","-FF","1Z","400000000000000000",[255,-255,1295,123,-123,10,0],1267650600228229401496703205376,-36893488147419103232,[badarg,badarg,badarg,badarg],"ZZZZZZZZZZZZZZZZ"}

start() ->
    A = integer_to_list(id(123)),
    B = integer_to_list(id(-45)),
    C = integer_to_list(id(0)),
    D = integer_to_list(id(123), 2),
    E = integer_to_list(id(-255), 16),
    F = integer_to_list(id(71), 36),
    G = integer_to_list(id(1) bsl 70, 16),
    H = [list_to_integer(id("ff"), 16), list_to_integer(id("-FF"), 16),
         list_to_integer(id("zz"), 36), list_to_integer(id("+123")),
         list_to_integer(id("-123")), list_to_integer(id("1010"), 2),
         list_to_integer(id("-0"))],
    I = list_to_integer(id("1267650600228229401496703205376")),
    J = list_to_integer(id("-20000000000000000"), 16),
    K = [bad(fun() -> list_to_integer(id("12a")) end),
         bad(fun() -> list_to_integer(id("")) end),
         bad(fun() -> list_to_integer(id("19"), 8) end),
         bad(fun() -> integer_to_list(id(10), 37) end)],
    %% 36^16 - 1 in base 36
    L = integer_to_list(pow(36, 16) - 1, 36),
    {A, B, C, D, E, F, G, H, I, J, K, L}.

bad(F) -> try F() of V -> {no_error, V} catch error:badarg -> badarg end.

pow(_, 0) -> 1;
pow(B, E) -> B * pow(B, E - 1).

id(X) -> X.
