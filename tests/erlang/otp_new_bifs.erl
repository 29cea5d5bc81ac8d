%% Purpose: BIFs OTP 27 and 28 added: erlang:processes_iterator/0 and processes_next/1 (every live process once), display_string/2 (stdout, stderr, lists and binaries, badarg on another device).
%% expect: {true,true,true,true,{error,badarg},{error,badarg},none}
-module(otp_new_bifs).
-export([start/0]).

start() ->
    Mine = [spawn(fun() -> receive stop -> ok end end) || _ <- [1, 2, 3]],
    Seen = walk(erlang:processes_iterator(), []),
    All = erlang:processes(),
    Found = [P || P <- Mine, member(P, Seen)] =:= Mine,
    Subset = [P || P <- Seen, not member(P, All)] =:= [],
    [P ! stop || P <- Mine],
    {Found, Subset,
     erlang:display_string(stdout, "to stdout\n"),
     erlang:display_string(stderr, <<"to stderr\n">>),
     try erlang:display_string(nowhere, "x") catch error:E1 -> {error, E1} end,
     try erlang:display_string(stdout, [x]) catch error:E2 -> {error, E2} end,
     last(erlang:processes_iterator())}.

walk(I, Acc) ->
    case erlang:processes_next(I) of
        none -> Acc;
        {P, I1} -> walk(I1, [P | Acc])
    end.

last(I) ->
    case erlang:processes_next(I) of
        none -> none;
        {_, I1} -> last(I1)
    end.

member(_, []) -> false;
member(X, [X | _]) -> true;
member(X, [_ | T]) -> member(X, T).
