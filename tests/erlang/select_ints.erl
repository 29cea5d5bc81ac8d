%% Purpose: select_val-heavy dispatch on integers: dense table (jump-table candidate), sparse values, negatives, bignum and fallthrough.
-module(select_ints).
-export([start/0]).
%% expect: {[zero,one,two,three,four,five,six,seven,eight,nine,ten,many],[neg_big,neg,small,hundred,thousand,million,big,other],[b,d,a,c,a],237,{teen,teen,not_teen}}

start() ->
    A = map(fun word/1, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]),
    B = map(fun sparse/1, [-1000000, -1, 3, 100, 1000, 1000000, 1 bsl 70, 55]),
    C = map(fun mod4/1, [1, 3, 0, 2, 4]),
    D = score(seq(0, 30), 0),
    E = {teen(13), teen(19), teen(20)},
    {A, B, C, D, E}.

word(0) -> zero; word(1) -> one; word(2) -> two; word(3) -> three;
word(4) -> four; word(5) -> five; word(6) -> six; word(7) -> seven;
word(8) -> eight; word(9) -> nine; word(10) -> ten; word(_) -> many.

sparse(-1000000) -> neg_big;
sparse(-1) -> neg;
sparse(3) -> small;
sparse(100) -> hundred;
sparse(1000) -> thousand;
sparse(1000000) -> million;
sparse(1180591620717411303424) -> big;
sparse(_) -> other.

mod4(X) ->
    case X rem 4 of
        0 -> a;
        1 -> b;
        2 -> c;
        3 -> d
    end.

%% a scoring table consulted many times
score([], Acc) -> Acc;
score([N | T], Acc) ->
    P = case N rem 7 of
            0 -> 1;
            1 -> 3;
            2 -> 5;
            3 -> 7;
            4 -> 11;
            5 -> 13;
            6 -> 17
        end,
    score(T, Acc + P).

teen(N) when N >= 13, N =< 19 ->
    case N of 13 -> teen; 14 -> teen; 15 -> teen; 16 -> teen; 17 -> teen; 18 -> teen; 19 -> teen end;
teen(_) -> not_teen.

seq(A, B) when A > B -> [];
seq(A, B) -> [A | seq(A + 1, B)].

map(_, []) -> [];
map(F, [H | T]) -> [F(H) | map(F, T)].
