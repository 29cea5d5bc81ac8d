%% Purpose: process dictionary: put returns the old value, get/erase with atom, integer, tuple, list and bignum keys, get_keys, get/0, erase/0.
-module(proc_dict).
-export([start/0]).
%% expect: {[undefined,1,undefined,undefined,undefined,undefined],[2,int,tup,lst,big],[2,undefined,undefined],[{1,int},{1267650600228229401496703205376,big},{{k,1},tup},{[a],lst}],4,[],{1000,500500,undefined}}

start() ->
    erase(),
    A = [put(a, 1), put(a, 2), put(1, int), put({k, 1}, tup), put([a], lst), put(1 bsl 100, big)],
    B = [get(a), get(1), get({k, 1}), get([a]), get(1 bsl 100)],
    %% erase returns the old value; erasing again gives undefined
    C = [erase(a), erase(a), get(a)],
    D = sort(get()),
    E = length(get_keys()),
    erase(),
    F = get_keys(),
    fill(1, 1000),
    Sum = sum_keys(get_keys(), 0),
    G = {length(get_keys()), Sum, get(1001)},
    erase(),
    {A, B, C, D, E, F, G}.

fill(N, Max) when N > Max -> ok;
fill(N, Max) -> put(N, N * N), fill(N + 1, Max).

sum_keys([], Acc) -> Acc;
sum_keys([K | T], Acc) -> sum_keys(T, Acc + K).

%% insertion sort by standard term order
sort([]) -> [];
sort([H | T]) -> insert(H, sort(T)).
insert(X, []) -> [X];
insert(X, [Y | T]) when X =< Y -> [X, Y | T];
insert(X, [Y | T]) -> [Y | insert(X, T)].
