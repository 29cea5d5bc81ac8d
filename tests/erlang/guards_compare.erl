%% Purpose: comparison and arithmetic guards (<, =<, >, >=, ==, /=, =:=, =/=, rem, div, abs, bnot) and is_number.
-module(guards_compare).
-export([start/0]).
%% expect: {[neg,zero,small,big,huge],[even,odd,even,odd],[exact,equal,different],[in,out,in,out],[pos,neg,notnum],[yes,no,yes],[ten,ten,other]}

start() ->
    A = map(fun sign/1, [-5, 0, 3, 1000, 1 bsl 64]),
    B = map(fun parity/1, [0, 7, -4, -3]),
    C = [eqkind(1, 1), eqkind(1, 1.0), eqkind(1, 2)],
    D = map(fun range/1, [5, 11, 10, -1]),
    E = map(fun num/1, [2.5, -1, x]),
    F = [divisible(12, 4), divisible(13, 4), divisible(-12, 3)],
    G = map(fun ten/1, [10, 10.0, 11]),
    {A, B, C, D, E, F, G}.

sign(X) when X < 0 -> neg;
sign(X) when X =:= 0 -> zero;
sign(X) when X > 0, X =< 100 -> small;
sign(X) when X >= 101, X < 1 bsl 32 -> big;
sign(_) -> huge.

parity(X) when X rem 2 == 0 -> even;
parity(X) when abs(X) rem 2 =:= 1 -> odd.

eqkind(X, Y) when X =:= Y -> exact;
eqkind(X, Y) when X == Y -> equal;
eqkind(X, Y) when X /= Y, X =/= Y -> different.

range(X) when X >= 0 * 1, X =< 10 div 1 -> in;
range(_) -> out.

num(X) when is_number(X), X > 0 -> pos;
num(X) when is_number(X) -> neg;
num(_) -> notnum.

divisible(X, Y) when X rem Y =:= 0, (bnot X) =/= X -> yes;
divisible(_, _) -> no.

ten(X) when X == 10 -> ten;
ten(_) -> other.

map(_, []) -> [];
map(F, [H | T]) -> [F(H) | map(F, T)].
