%% Purpose: select_val-heavy dispatch on atoms: a 26-way atom table, atoms in case, and a state machine.
-module(select_atoms).
-export([start/0]).
%% expect: {[1,2,3,5,8,13,21,26,0],351,[locked,open,open,locked,open,open,locked],{red,green,yellow,red},unknown}

start() ->
    A = map(fun num/1, [a, b, c, e, h, m, u, z, nope]),
    B = sum(map(fun num/1, letters())),
    C = fsm(locked, [push, coin, coin, push, coin, noise, push]),
    D = {next(yellow), next(red), next(green), next(next(next(red)))},
    E = next(blue),
    {A, B, C, D, E}.

letters() -> [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z].

num(a) -> 1; num(b) -> 2; num(c) -> 3; num(d) -> 4; num(e) -> 5;
num(f) -> 6; num(g) -> 7; num(h) -> 8; num(i) -> 9; num(j) -> 10;
num(k) -> 11; num(l) -> 12; num(m) -> 13; num(n) -> 14; num(o) -> 15;
num(p) -> 16; num(q) -> 17; num(r) -> 18; num(s) -> 19; num(t) -> 20;
num(u) -> 21; num(v) -> 22; num(w) -> 23; num(x) -> 24; num(y) -> 25;
num(z) -> 26; num(_) -> 0.

%% turnstile: returns the state after each event
fsm(_, []) -> [];
fsm(State, [Ev | Evs]) ->
    S2 = case {State, Ev} of
             {locked, coin} -> open;
             {locked, push} -> locked;
             {open, push} -> locked;
             {open, coin} -> open;
             {S, _} -> S
         end,
    [S2 | fsm(S2, Evs)].

next(red) -> green;
next(green) -> yellow;
next(yellow) -> red;
next(_) -> unknown.

sum([]) -> 0;
sum([H | T]) -> H + sum(T).

map(_, []) -> [];
map(F, [H | T]) -> [F(H) | map(F, T)].
