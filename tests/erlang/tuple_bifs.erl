%% Purpose: tuple BIFs: element, setelement, tuple_size, make_tuple/2,3, append_element, list_to_tuple, tuple_to_list; out-of-range badarg.
-module(tuple_bifs).
-export([start/0]).
%% expect: {{a,x,c},{a,b,c},3,{0,0,0,0},{d,z,d,d,z},{1,2,3},[p,q],{},[],{k,v,w},[badarg,badarg,badarg,badarg,badarg],1000,499500}

start() ->
    T = id({a, b, c}),
    A = setelement(2, T, x),
    %% the original is unchanged
    B = T,
    C = tuple_size(T),
    D = erlang:make_tuple(4, 0),
    E = erlang:make_tuple(5, d, [{2, z}, {5, z}]),
    F = list_to_tuple(id([1, 2, 3])),
    G = tuple_to_list(id({p, q})),
    H = list_to_tuple(id([])),
    I = tuple_to_list(id({})),
    J = erlang:append_element(id({k, v}), w),
    K = [bad(fun() -> element(4, T) end),
         bad(fun() -> setelement(0, T, x) end),
         bad(fun() -> element(1, id(notuple)) end),
         bad(fun() -> erlang:make_tuple(-1, x) end),
         bad(fun() -> tuple_size(id([a])) end)],
    Big = erlang:make_tuple(1000, 0),
    Filled = fill(Big, 1),
    L = {tuple_size(Filled), sum_elems(Filled, tuple_size(Filled), 0)},
    {A, B, C, D, E, F, G, H, I, J, K, element(1, L), element(2, L)}.

bad(F) ->
    try F() of V -> {no_error, V} catch error:badarg -> badarg end.

fill(T, N) when N > tuple_size(T) -> T;
fill(T, N) -> fill(setelement(N, T, N - 1), N + 1).

sum_elems(_, 0, Acc) -> Acc;
sum_elems(T, I, Acc) -> sum_elems(T, I - 1, Acc + element(I, T)).

id(X) -> X.
