%% Standard input through the io server. In the suite stdin is closed: reads say eof. start/0 is
%% run by `cargo xtask test` on its own with input arriving late (after 0.8 s "h" and half of
%% "é", then the rest in two parts): the reads must wait for it while the other processes run.
-module(test_stdin).
-export([test_eof/0, start/0]).
-include("etest.hrl").

test_eof() ->
    ?ASSERT_MATCH(eof, io:get_line('')),
    ?ASSERT_MATCH(eof, io:get_chars('', 2)),
    ok.

start() ->
    Self = self(),
    spawn(fun() -> timer:sleep(200), Self ! {ticked, now_ms()} end),
    Line1 = io:get_line(''),
    Read = now_ms(),
    %% The ticker ran while this process waited for the line: its message came well before.
    TickedDuringWait = receive {ticked, T} -> Read - T > 300 after 0 -> false end,
    Line2 = io:get_line(''),
    Chars = io:get_chars('', 3),
    Last = io:get_line(''),
    End = io:get_line(''),
    case {Line1, TickedDuringWait, Line2, Chars, Last, End} of
        {"héllo\n", true, "world\n", "abc", "de", eof} -> ok;
        Other -> Other
    end.

now_ms() -> erlang:monotonic_time(millisecond).
