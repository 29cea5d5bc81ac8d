%% Purpose: guard BIFs (element, tuple_size, length, hd, tl, abs, min/max-free arithmetic) and a failing guard BIF making the guard false.
-module(guards_bifs).
-export([start/0]).
%% expect: {[pair_a,triple,tagged,other,other],[short,long,empty,other],[starts_x,other,other],[big_abs,small_abs,other],[second_ok,second_fail,second_fail],[t,f,t]}

start() ->
    A = map(fun shape/1, [{a, 1}, {1, 2, 3}, {tag, x, y, z}, {}, notatuple]),
    B = map(fun llen/1, [[1, 2], [1, 2, 3, 4, 5], [], foo]),
    C = map(fun first/1, [[x, y], [y], []]),
    D = map(fun absv/1, [-100, 3, abc]),
    %% element/2 out of range in a guard: guard fails, no exception
    E = map(fun second/1, [{1, 2}, {1}, [1, 2]]),
    %% failing BIF inside a disjunction (;) only kills its own branch
    F = map(fun alt/1, [[1], 5, {x}]),
    {A, B, C, D, E, F}.

shape(T) when tuple_size(T) =:= 2, element(1, T) =:= a -> pair_a;
shape(T) when tuple_size(T) =:= 3 -> triple;
shape(T) when is_tuple(T), tuple_size(T) > 3, element(1, T) == tag -> tagged;
shape(_) -> other.

llen(L) when length(L) > 3 -> long;
llen(L) when length(L) > 0 -> short;
llen(L) when length(L) =:= 0 -> empty;
llen(_) -> other.

first(L) when hd(L) =:= x -> starts_x;
first(L) when hd(tl(L)) =:= nothing -> never;
first(_) -> other.

absv(X) when abs(X) > 50 -> big_abs;
absv(X) when abs(X) =< 50 -> small_abs;
absv(_) -> other.

second(T) when element(2, T) > 0 -> second_ok;
second(_) -> second_fail.

alt(X) when hd(X) =:= 1; X =:= {x} -> t;
alt(X) when length(X) > 0; X > 100 -> t;
alt(_) -> f.

map(_, []) -> [];
map(F, [H | T]) -> [F(H) | map(F, T)].
