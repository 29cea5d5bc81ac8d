%% Benchmark: re on log lines: a literal, a class run, an alternation, captures with named
%% groups, a global scan, a back-reference and a replace, over 20 000 generated lines.
-module(re_match).
-export([start/0, run/1]).
%% group: library
%% needs: libs
%% checksum: 1682643

-define(N, 20000).

start() ->
    T0 = erlang:monotonic_time(microsecond),
    C = run(?N),
    T1 = erlang:monotonic_time(microsecond),
    Calls = 7 * ?N,
    io:format("% ~p re calls, ~p calls/s~n", [Calls, Calls * 1000000 div max(1, T1 - T0)]),
    {re_match, T1 - T0, C}.

run(N) ->
    Lines = [line(I) || I <- lists:seq(1, N)],
    Patterns = [{"ERROR", []},
                {"[0-9]+ms", []},
                {"GET|POST|PUT", []},
                {"(?<user>[a-z]+)@(?<host>[a-z]+\\.com)", [{capture, all_names, binary}]},
                {"\\d+", [global]},
                {"(\\w)\\1", []}],
    Compiled = [{element(2, re:compile(P)), O} || {P, O} <- Patterns],
    lists:foldl(fun(L, Acc) -> Acc + score(L, Compiled) end, 0, Lines).

score(Line, Compiled) ->
    S = lists:sum([count(re:run(Line, MP, O)) || {MP, O} <- Compiled]),
    R = re:replace(Line, "user", "USER", [global, {return, binary}]),
    S + byte_size(R) rem 7.

count(nomatch) -> 0;
count({match, L}) -> length(L) * 10.

line(I) ->
    Method = element(I rem 3 + 1, {"GET", "POST", "PUT"}),
    Level = element(I rem 5 + 1, {"INFO", "WARN", "ERROR", "DEBUG", "INFO"}),
    iolist_to_binary([integer_to_list(I), " ", Level, " ", Method, " /api/v", integer_to_list(I rem 4),
                      "/items user", integer_to_list(I rem 97), "@example.com took ",
                      integer_to_list(I rem 1000), "ms cookie=aabb"]).
