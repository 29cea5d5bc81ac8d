%% Purpose: type-test guards (is_integer, is_atom, is_list, is_tuple, is_function/1,2, is_reference, is_pid, is_number, is_float, is_boolean).
-module(guards_types).
-export([start/0]).
%% expect: [integer,float,atom,boolean,nil,list,tuple,fun1,fun2,ref,pid,integer,atom,list,boolean]

start() ->
    Vals = [42, 3.5, foo, true, [], [1, 2], {a}, fun(X) -> X end,
            fun(X, Y) -> {X, Y} end, make_ref(), self(), -7 bsl 80, 'Q',
            "abc", false],
    map(fun classify/1, Vals).

classify(X) when is_integer(X) -> integer;
classify(X) when is_float(X) -> float;
classify(X) when is_boolean(X) -> boolean;
classify(X) when is_atom(X) -> atom;
classify([]) -> nil;
classify(X) when is_list(X) -> list;
classify(X) when is_tuple(X) -> tuple;
classify(X) when is_function(X, 1) -> fun1;
classify(X) when is_function(X) -> fun2;
classify(X) when is_reference(X) -> ref;
classify(X) when is_pid(X) -> pid;
classify(_) -> other.

map(_, []) -> [];
map(F, [H | T]) -> [F(H) | map(F, T)].
