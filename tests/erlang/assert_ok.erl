%% Purpose: self-checking test returning ok: many `true = ...` / pattern assertions across BIFs; any failure crashes with badmatch showing the value.
-module(assert_ok).
-export([start/0]).
%% expect: ok

start() ->
    true = 1 + 1 =:= 2,
    {a, b} = list_to_tuple([a, b]),
    [1, 2, 3] = lists:reverse([3, 2, 1], []),
    6 = length([a, b, c] ++ [d, e, f]),
    "3" = integer_to_list(3),
    -17 = list_to_integer("-17"),
    true = is_atom(list_to_atom("x")),
    2 = element(2, {1, 2, 3}),
    {1, x, 3} = setelement(2, {1, 2, 3}, x),
    0 = 1 bsl 64 bsr 65,
    1 = (1 bsl 64) bsr 64,
    true = (1 bsl 64) > (1 bsl 63),
    undefined = put(assert_ok_key, 1),
    1 = erase(assert_ok_key),
    true = make_ref() =/= make_ref(),
    {'EXIT', {badarith, _}} = (catch 1 + id(a)),
    t = (catch throw(t)),
    [b] = [a, b] -- [a],
    {b, 2} = lists:keyfind(b, 1, [{a, 1}, {b, 2}]),
    true = lists:member(c, [a, b, c]),
    3 = abs(-3),
    3 = max(1, 3),
    -1 = min(-1, 3),
    2 = trunc(2.9),
    3 = round(2.5),
    3.0 = float(3),
    true = is_function(fun id/1, 1),
    {arity, 1} = erlang:fun_info(fun id/1, arity),
    5 = apply(fun(X) -> X + 1 end, [4]),
    "ff" = string_lower(integer_to_list(255, 16)),
    ok.

string_lower([]) -> [];
string_lower([C | T]) when C >= $A, C =< $Z -> [C + 32 | string_lower(T)];
string_lower([C | T]) -> [C | string_lower(T)].

id(X) -> X.
