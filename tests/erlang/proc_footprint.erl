%% Purpose: an idle spawned process costs little memory (erlang:memory(total) before and after 20000 processes blocked in receive): under 1 KiB each with 32-bit words (wasm32), under 4 KiB with 64-bit words (OTP 25 takes about 2.7 KiB); they all run and all go.
-module(proc_footprint).
-export([start/0, per_process/0]).
%% expect: {true,true,true}

-define(N, 20000).

start() ->
    {Per, Alive, Gone} = measure(),
    Limit = case erlang:system_info(wordsize) of
                4 -> 1024;
                8 -> 4096
            end,
    {Per < Limit, Alive, Gone}.

%% Bytes per idle process, for reports.
per_process() ->
    {Per, _, _} = measure(),
    Per.

measure() ->
    Count0 = erlang:system_info(process_count),
    Before = erlang:memory(total),
    Parent = self(),
    Keeper = spawn(fun() -> keeper(Parent) end),
    receive {Keeper, ready} -> ok end,
    After = erlang:memory(total),
    Alive = erlang:system_info(process_count) >= Count0 + ?N,
    Keeper ! stop,
    receive {Keeper, stopped} -> ok end,
    Gone = wait_count(Count0, 1000),
    {(After - Before) div ?N, Alive, Gone}.

keeper(Parent) ->
    Pids = spawn_idle(?N, []),
    Parent ! {self(), ready},
    receive stop -> ok end,
    [P ! stop || P <- Pids],
    Parent ! {self(), stopped}.

spawn_idle(0, Acc) -> Acc;
spawn_idle(N, Acc) ->
    P = spawn(fun() -> receive stop -> ok end end),
    spawn_idle(N - 1, [P | Acc]).

%% The process count falls back to where it started once every idle process and the keeper ended.
wait_count(_, 0) -> false;
wait_count(Count0, Tries) ->
    case erlang:system_info(process_count) of
        Count0 -> true;
        _ -> receive after 2 -> wait_count(Count0, Tries - 1) end
    end.
