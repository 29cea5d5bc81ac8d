%% logger_filters: OTP's ready-made filters for logger configurations (`{fun F/2, Arg}`).
-module(logger_filters).
-export([remote_gl/2, domain/2, level/2, progress/2]).

%% Events whose group leader is on another node: Arg (stop or log) decides.
remote_gl(#{meta := #{gl := GL}} = Event, Action) when Action =:= stop; Action =:= log ->
    case node(GL) =/= node() of
        true when Action =:= stop -> stop;
        true -> Event;
        false -> ignore
    end;
remote_gl(_Event, _Action) -> ignore.

%% {Action, Compare, MatchDomain}: Action is log or stop when the event's domain compares.
domain(#{meta := Meta} = Event, {Action, Compare, Match}) ->
    Matches = case {Compare, maps:find(domain, Meta)} of
                  {undefined, error} -> true;
                  {undefined, _} -> false;
                  {_, error} -> false;
                  {sub, {ok, D}} -> lists:prefix(D, Match);
                  {super, {ok, D}} -> lists:prefix(Match, D);
                  {equal, {ok, D}} -> D =:= Match;
                  {not_equal, {ok, D}} -> D =/= Match
              end,
    decide(Matches, Action, Event).

%% {Action, Operator, Level}: Action when the event's level compares to Level.
level(#{level := L} = Event, {Action, Op, Level}) ->
    C = logger:compare_levels(L, Level),
    Matches = case Op of
                  lt -> C =:= lt;
                  gt -> C =:= gt;
                  eq -> C =:= eq;
                  neq -> C =/= eq;
                  lteq -> C =/= gt;
                  gteq -> C =/= lt
              end,
    decide(Matches, Action, Event).

%% Progress reports (domain [otp, sasl | _]): Action decides.
progress(#{meta := #{domain := [otp, sasl | _]}} = Event, Action) -> decide(true, Action, Event);
progress(_Event, _Action) -> ignore.

decide(true, log, Event) -> Event;
decide(true, stop, _Event) -> stop;
decide(false, _, _Event) -> ignore.
