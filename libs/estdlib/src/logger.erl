%% Logging with OTP's logger API, small: one primary level, per-module levels and one handler
%% that writes OTP's default report layout (`=ERROR REPORT==== <time> ===` and the message) to
%% standard output. The configuration lives in a registered process started on first use.
-module(logger).
-export([log/2, log/3, log/4,
         emergency/1, emergency/2, emergency/3, alert/1, alert/2, alert/3,
         critical/1, critical/2, critical/3, error/1, error/2, error/3,
         warning/1, warning/2, warning/3, notice/1, notice/2, notice/3,
         info/1, info/2, info/3, debug/1, debug/2, debug/3,
         macro_log/3, macro_log/4, macro_log/5,
         allow/2, compare_levels/2,
         get_primary_config/0, set_primary_config/1, set_primary_config/2,
         set_module_level/2, unset_module_level/1, get_module_level/1]).

-define(SERVER, logger_config).
-define(LEVELS, [emergency, alert, critical, error, warning, notice, info, debug]).

%% ---- logging ----

log(Level, StringOrReport) -> log(Level, StringOrReport, #{}).

log(Level, Format, Args) when is_list(Args) -> log(Level, Format, Args, #{});
log(Level, StringOrReport, Meta) when is_map(Meta) -> emit(Level, undefined, {msg, StringOrReport}, Meta).

log(Level, Format, Args, Meta) -> emit(Level, undefined, {format, Format, Args}, Meta).

emergency(A) -> log(emergency, A).
emergency(A, B) -> log(emergency, A, B).
emergency(A, B, C) -> log(emergency, A, B, C).
alert(A) -> log(alert, A).
alert(A, B) -> log(alert, A, B).
alert(A, B, C) -> log(alert, A, B, C).
critical(A) -> log(critical, A).
critical(A, B) -> log(critical, A, B).
critical(A, B, C) -> log(critical, A, B, C).
error(A) -> log(error, A).
error(A, B) -> log(error, A, B).
error(A, B, C) -> log(error, A, B, C).
warning(A) -> log(warning, A).
warning(A, B) -> log(warning, A, B).
warning(A, B, C) -> log(warning, A, B, C).
notice(A) -> log(notice, A).
notice(A, B) -> log(notice, A, B).
notice(A, B, C) -> log(notice, A, B, C).
info(A) -> log(info, A).
info(A, B) -> log(info, A, B).
info(A, B, C) -> log(info, A, B, C).
debug(A) -> log(debug, A).
debug(A, B) -> log(debug, A, B).
debug(A, B, C) -> log(debug, A, B, C).

%% What the ?LOG_* macros of logger.hrl call (after `allow/2` said yes).
macro_log(Location, Level, StringOrReport) ->
    macro_log(Location, Level, StringOrReport, #{}).

macro_log(Location, Level, Format, Args) when is_list(Args) ->
    macro_log(Location, Level, Format, Args, #{});
macro_log(Location, Level, StringOrReport, Meta) when is_map(Meta) ->
    emit(Level, Location, {msg, StringOrReport}, Meta).

macro_log(Location, Level, Format, Args, Meta) ->
    emit(Level, Location, {format, Format, Args}, Meta).

emit(Level, Location, Msg, Meta) ->
    Module = case Location of
                 #{mfa := {M, _, _}} -> M;
                 _ -> maps:get(module, Meta, undefined)
             end,
    case is_level(Level) of
        false -> erlang:error(badarg);
        true ->
            case allow(Level, Module) of
                true -> write(Level, Msg);
                false -> ok
            end
    end.

write(Level, Msg) ->
    Header = io_lib:format("=~s REPORT==== ~s ===~n",
                           [string:uppercase(atom_to_list(Level)), proc_lib:report_time()]),
    io:put_chars(user, [Header, text(Msg), $\n]).

text({format, Format, Args}) -> io_lib:format(Format, Args);
text({msg, Report}) when is_map(Report) ->
    lists:join($\n, [io_lib:format("    ~tp: ~tp", [K, V]) || {K, V} <- lists:sort(maps:to_list(Report))]);
text({msg, [{_, _} | _] = Report}) ->
    lists:join($\n, [io_lib:format("    ~tp: ~tp", [K, V]) || {K, V} <- Report]);
text({msg, String}) -> io_lib:format("~ts", [String]).

%% ---- levels ----

is_level(L) -> lists:member(L, ?LEVELS).

severity(L) -> length(lists:takewhile(fun(X) -> X =/= L end, ?LEVELS)).

compare_levels(A, B) ->
    case is_level(A) andalso is_level(B) of
        false -> erlang:error(badarg);
        true ->
            SA = severity(A),
            SB = severity(B),
            if SA < SB -> gt; SA > SB -> lt; true -> eq end
    end.

%% Would an event at Level from Module be logged?
allow(Level, Module) ->
    #{level := Primary, modules := Modules} = config(get),
    Threshold = maps:get(Module, Modules, Primary),
    Threshold =/= none andalso (Threshold =:= all orelse compare_levels(Level, Threshold) =/= lt).

%% ---- configuration ----

get_primary_config() ->
    #{level := Level} = config(get),
    #{filter_default => log, filters => [], level => Level, metadata => #{}}.

set_primary_config(level, Level) ->
    case is_level(Level) orelse Level =:= all orelse Level =:= none of
        true -> config({set_level, Level});
        false -> {error, {invalid_level, Level}}
    end;
set_primary_config(Key, _) ->
    {error, {invalid_config, Key}}.

set_primary_config(Config) when is_map(Config) ->
    case maps:find(level, Config) of
        {ok, Level} -> set_primary_config(level, Level);
        error -> ok
    end.

set_module_level(Modules, Level) when is_list(Modules) ->
    case is_level(Level) orelse Level =:= all orelse Level =:= none of
        true -> config({set_modules, Modules, Level});
        false -> {error, {invalid_level, Level}}
    end;
set_module_level(Module, Level) -> set_module_level([Module], Level).

unset_module_level(Modules) when is_list(Modules) -> config({unset_modules, Modules});
unset_module_level(Module) -> unset_module_level([Module]).

get_module_level(Modules) when is_list(Modules) ->
    #{modules := Levels} = config(get),
    [{M, L} || M <- Modules, {ok, L} <- [maps:find(M, Levels)]];
get_module_level(Module) -> get_module_level([Module]).

%% One request to the configuration process, started on first use.
config(Request) ->
    Pid = server(),
    Ref = erlang:monitor(process, Pid),
    Pid ! {?SERVER, self(), Ref, Request},
    receive
        {Ref, Reply} ->
            erlang:demonitor(Ref, [flush]),
            Reply;
        {'DOWN', Ref, process, Pid, _} ->
            config(Request)
    end.

server() ->
    case whereis(?SERVER) of
        undefined ->
            Pid = spawn(fun() -> loop(#{level => notice, modules => #{}}) end),
            try register(?SERVER, Pid) of
                true -> Pid
            catch
                error:badarg ->
                    %% Another process started one first: use that one.
                    exit(Pid, kill),
                    server()
            end;
        Pid ->
            Pid
    end.

loop(State) ->
    receive
        {?SERVER, From, Ref, Request} ->
            {Reply, Next} = handle(Request, State),
            From ! {Ref, Reply},
            loop(Next)
    end.

handle(get, State) -> {State, State};
handle({set_level, Level}, State) -> {ok, State#{level := Level}};
handle({set_modules, Ms, Level}, #{modules := Mods} = State) ->
    {ok, State#{modules := maps:merge(Mods, maps:from_keys(Ms, Level))}};
handle({unset_modules, Ms}, #{modules := Mods} = State) ->
    {ok, State#{modules := maps:without(Ms, Mods)}}.
