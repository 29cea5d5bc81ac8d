%% Logging with OTP's logger API: a primary configuration (level, filters, metadata),
%% per-module levels, and handlers (a callback module's log/2 with a level, filters and a
%% formatter), as in OTP. The `default` handler is logger_std_h with logger_formatter's legacy
%% layout (`=ERROR REPORT==== <time> ===`), as OTP's kernel starts it, but on standard error;
%% Elixir's Logger replaces it with its own (on standard output, as in Elixir). Events are
%% filtered and handled in the process that logs.
%%
%% The configuration is read from persistent_term (every log call reads it) and changed only by
%% a registered process started on first use, so that concurrent changes do not undo each other.
-module(logger).
-export([log/2, log/3, log/4,
         emergency/1, emergency/2, emergency/3, alert/1, alert/2, alert/3,
         critical/1, critical/2, critical/3, error/1, error/2, error/3,
         warning/1, warning/2, warning/3, notice/1, notice/2, notice/3,
         info/1, info/2, info/3, debug/1, debug/2, debug/3,
         macro_log/3, macro_log/4, macro_log/5,
         allow/2, compare_levels/2, timestamp/0,
         get_primary_config/0, set_primary_config/1, set_primary_config/2,
         update_primary_config/1, add_primary_filter/2, remove_primary_filter/1,
         add_handler/3, remove_handler/1, get_handler_config/0, get_handler_config/1,
         get_handler_ids/0, set_handler_config/2, set_handler_config/3,
         update_handler_config/2, update_handler_config/3,
         add_handler_filter/3, remove_handler_filter/2, add_handlers/1, get_config/0,
         set_module_level/2, unset_module_level/0, unset_module_level/1,
         get_module_level/0, get_module_level/1,
         set_application_level/2, unset_application_level/1,
         set_process_metadata/1, update_process_metadata/1, get_process_metadata/0,
         unset_process_metadata/0]).

-define(SERVER, logger_config).
-define(KEY, {?MODULE, config}).
-define(PROC_META, '$logger_metadata$').
-define(LEVELS, [emergency, alert, critical, error, warning, notice, info, debug]).

%% ---- logging ----

log(Level, StringOrReport) -> log(Level, StringOrReport, #{}).

log(Level, Format, Args) when is_list(Args) -> log(Level, Format, Args, #{});
log(Level, StringOrReport, Meta) when is_map(Meta) -> emit(Level, #{}, msg(StringOrReport), Meta).

log(Level, Format, Args, Meta) -> emit(Level, #{}, {Format, Args}, Meta).

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

%% What the ?LOG_* macros of logger.hrl and Elixir's Logger call (after `allow/2` said yes).
macro_log(Location, Level, StringOrReport) ->
    macro_log(Location, Level, StringOrReport, #{}).

macro_log(Location, Level, Format, Args) when is_list(Args) ->
    macro_log(Location, Level, Format, Args, #{});
macro_log(Location, Level, StringOrReport, Meta) when is_map(Meta) ->
    emit(Level, Location, msg(StringOrReport), Meta).

macro_log(Location, Level, Format, Args, Meta) ->
    emit(Level, Location, {Format, Args}, Meta).

msg(Report) when is_map(Report) -> {report, Report};
msg([{_, _} | _] = Report) -> {report, Report};
msg(String) -> {string, String}.

emit(Level, Location, Msg, Meta) ->
    is_level(Level) orelse erlang:error(badarg),
    Module = case Location of
                 #{mfa := {M, _, _}} -> M;
                 _ -> maps:get(module, Meta, undefined)
             end,
    #{primary := Primary} = Config = config(),
    case allowed(Level, Module, Config) of
        true ->
            Event = #{level => Level, msg => Msg, meta => metadata(Location, Meta, Primary)},
            case filter(Event, Primary) of
                stop -> ok;
                Event1 -> handle(Event1, Config)
            end;
        false ->
            ok
    end.

metadata(Location, Meta, #{metadata := PrimaryMeta}) ->
    Process = case get(?PROC_META) of
                  M when is_map(M) -> M;
                  _ -> #{}
              end,
    Base = #{pid => self(), gl => group_leader(), time => timestamp()},
    maps:merge(maps:merge(maps:merge(maps:merge(PrimaryMeta, Base), Location), Process), Meta).

%% The filters of a primary or handler configuration: stop, or the event to log.
filter(Event, #{filters := Filters, filter_default := Default}) ->
    filter(Filters, Event, ignored, Default).

filter([], Event, ignored, log) -> Event;
filter([], _Event, ignored, stop) -> stop;
filter([], Event, logged, _) -> Event;
filter([{_Id, {Fun, Arg}} | Rest], Event, State, Default) ->
    case catch Fun(Event, Arg) of
        stop -> stop;
        ignore -> filter(Rest, Event, State, Default);
        #{level := _, msg := _, meta := _} = Event1 -> filter(Rest, Event1, logged, Default);
        _ -> filter(Rest, Event, State, Default)
    end.

handle(#{level := Level} = Event, #{handlers := Handlers}) ->
    lists:foreach(
      fun(#{id := Id, module := Module, level := HLevel} = H) ->
              case passes(Level, HLevel) andalso filter(Event, H) of
                  false -> ok;
                  stop -> ok;
                  Event1 ->
                      try Module:log(Event1, H)
                      catch C:R:St ->
                              %% As OTP: a handler that crashes is removed, with a word why.
                              _ = remove_handler(Id),
                              io:format(standard_error,
                                        "logger: removed handler ~tp, which crashed: ~tp~n",
                                        [Id, {C, R, St}])
                      end
              end
      end, Handlers).

%% ---- levels ----

is_level(L) -> lists:member(L, ?LEVELS).

valid_level(L) -> is_level(L) orelse L =:= all orelse L =:= none.

severity(L) -> length(lists:takewhile(fun(X) -> X =/= L end, ?LEVELS)).

compare_levels(A, B) ->
    case is_level(A) andalso is_level(B) of
        false when A =:= B, (A =:= all orelse A =:= none) -> eq;
        false -> erlang:error(badarg);
        true ->
            SA = severity(A),
            SB = severity(B),
            if SA < SB -> gt; SA > SB -> lt; true -> eq end
    end.

%% Does an event at Level pass a threshold?
passes(_Level, all) -> true;
passes(_Level, none) -> false;
passes(Level, Threshold) -> compare_levels(Level, Threshold) =/= lt.

%% Would an event at Level from Module be logged?
allow(Level, Module) -> allowed(Level, Module, config()).

allowed(Level, Module, #{primary := #{level := Primary}, modules := Modules}) ->
    passes(Level, maps:get(Module, Modules, Primary)).

timestamp() -> os:system_time(microsecond).

%% ---- process metadata ----

set_process_metadata(Meta) when is_map(Meta) -> put(?PROC_META, Meta), ok;
set_process_metadata(Meta) -> erlang:error(badarg, [Meta]).

update_process_metadata(Meta) when is_map(Meta) ->
    set_process_metadata(maps:merge(get_process_metadata_map(), Meta));
update_process_metadata(Meta) -> erlang:error(badarg, [Meta]).

get_process_metadata() ->
    case get(?PROC_META) of
        M when is_map(M) -> M;
        _ -> undefined
    end.

get_process_metadata_map() ->
    case get_process_metadata() of
        undefined -> #{};
        M -> M
    end.

unset_process_metadata() -> erase(?PROC_META), ok.

%% ---- primary configuration ----

get_primary_config() ->
    #{primary := P} = config(),
    P.

set_primary_config(level, L) ->
    case valid_level(L) of
        true -> change(fun(C = #{primary := P}) -> {ok, C#{primary := P#{level := L}}} end);
        false -> {error, {invalid_level, L}}
    end;
set_primary_config(filter_default, D) when D =:= log; D =:= stop ->
    change(fun(C = #{primary := P}) -> {ok, C#{primary := P#{filter_default := D}}} end);
set_primary_config(filters, Fs) when is_list(Fs) ->
    change(fun(C = #{primary := P}) -> {ok, C#{primary := P#{filters := Fs}}} end);
set_primary_config(metadata, M) when is_map(M) ->
    change(fun(C = #{primary := P}) -> {ok, C#{primary := P#{metadata := M}}} end);
set_primary_config(Key, Value) ->
    {error, {invalid_config, Key, Value}}.

set_primary_config(Config) when is_map(Config) ->
    set_primary_each(maps:to_list(maps:merge(default_primary(), Config))).

update_primary_config(Config) when is_map(Config) ->
    set_primary_each(maps:to_list(Config)).

set_primary_each([]) -> ok;
set_primary_each([{K, V} | Rest]) ->
    case set_primary_config(K, V) of
        ok -> set_primary_each(Rest);
        Error -> Error
    end.

add_primary_filter(Id, {Fun, _} = Filter) when is_function(Fun, 2) ->
    change(fun(C = #{primary := P = #{filters := Fs}}) ->
                   case lists:keymember(Id, 1, Fs) of
                       true -> {{error, {already_exist, Id}}, C};
                       false -> {ok, C#{primary := P#{filters := Fs ++ [{Id, Filter}]}}}
                   end
           end);
add_primary_filter(_Id, Filter) -> {error, {invalid_filter, Filter}}.

remove_primary_filter(Id) ->
    change(fun(C = #{primary := P = #{filters := Fs}}) ->
                   case lists:keymember(Id, 1, Fs) of
                       true -> {ok, C#{primary := P#{filters := lists:keydelete(Id, 1, Fs)}}};
                       false -> {{error, {not_found, Id}}, C}
                   end
           end).

%% ---- handlers ----

add_handler(Id, Module, Config0) when is_atom(Id), is_atom(Module), is_map(Config0) ->
    case get_handler_config(Id) of
        {ok, _} ->
            {error, {already_exist, Id}};
        {error, _} ->
            Config1 = maps:merge(default_handler(Id, Module), Config0),
            case callback(Module, adding_handler, [Config1], {ok, Config1}) of
                {ok, Config} ->
                    change(fun(C = #{handlers := Hs}) ->
                                   case lists:any(fun(#{id := I}) -> I =:= Id end, Hs) of
                                       true -> {{error, {already_exist, Id}}, C};
                                       false -> {ok, C#{handlers := Hs ++ [Config]}}
                                   end
                           end);
                {error, _} = Error ->
                    Error
            end
    end;
add_handler(Id, Module, Config) ->
    {error, {invalid_handler, {Id, Module, Config}}}.

remove_handler(Id) ->
    case get_handler_config(Id) of
        {ok, #{module := Module} = Config} ->
            _ = callback(Module, removing_handler, [Config], ok),
            change(fun(C = #{handlers := Hs}) ->
                           {ok, C#{handlers := [H || #{id := I} = H <- Hs, I =/= Id]}}
                   end);
        Error ->
            Error
    end.

get_handler_config(Id) ->
    #{handlers := Hs} = config(),
    case [H || #{id := I} = H <- Hs, I =:= Id] of
        [H] -> {ok, H};
        [] -> {error, {not_found, Id}}
    end.

get_handler_config() ->
    #{handlers := Hs} = config(),
    Hs.

get_handler_ids() -> [Id || #{id := Id} <- get_handler_config()].

set_handler_config(Id, Config) when is_map(Config) ->
    case get_handler_config(Id) of
        {ok, #{module := Module}} ->
            replace_handler(Id, maps:merge(default_handler(Id, Module), Config));
        Error ->
            Error
    end.

set_handler_config(Id, Key, Value) ->
    case get_handler_config(Id) of
        {ok, Old} -> replace_handler(Id, Old#{Key => Value});
        Error -> Error
    end.

update_handler_config(Id, Config) when is_map(Config) ->
    case get_handler_config(Id) of
        {ok, Old} ->
            Merged = case {Old, Config} of
                         {#{config := OC}, #{config := NC}} when is_map(OC), is_map(NC) ->
                             (maps:merge(Old, Config))#{config := maps:merge(OC, NC)};
                         _ ->
                             maps:merge(Old, Config)
                     end,
            replace_handler(Id, Merged);
        Error ->
            Error
    end.

update_handler_config(Id, config, Value) when is_map(Value) ->
    update_handler_config(Id, #{config => Value});
update_handler_config(Id, Key, Value) ->
    set_handler_config(Id, Key, Value).

add_handler_filter(HandlerId, FilterId, {Fun, _} = Filter) when is_function(Fun, 2) ->
    case get_handler_config(HandlerId) of
        {ok, #{filters := Fs}} ->
            case lists:keymember(FilterId, 1, Fs) of
                true -> {error, {already_exist, FilterId}};
                false -> set_handler_config(HandlerId, filters, Fs ++ [{FilterId, Filter}])
            end;
        Error ->
            Error
    end.

remove_handler_filter(HandlerId, FilterId) ->
    case get_handler_config(HandlerId) of
        {ok, #{filters := Fs}} ->
            case lists:keymember(FilterId, 1, Fs) of
                true -> set_handler_config(HandlerId, filters, lists:keydelete(FilterId, 1, Fs));
                false -> {error, {not_found, FilterId}}
            end;
        Error ->
            Error
    end.

replace_handler(Id, #{module := Module} = New) ->
    {ok, Old} = get_handler_config(Id),
    case callback(Module, changing_config, [set, Old, New], {ok, New}) of
        {ok, Config} ->
            change(fun(C = #{handlers := Hs}) ->
                           {ok, C#{handlers := [case I of
                                                    Id -> Config;
                                                    _ -> H
                                                end || #{id := I} = H <- Hs]}}
                   end);
        {error, _} = Error ->
            Error
    end.

%% The handlers an application's `logger` environment names (kernel's at start in OTP);
%% this VM starts with the default handler only.
add_handlers(_AppOrConfig) -> ok.

get_config() ->
    #{primary := P, handlers := Hs, modules := Ms} = config(),
    #{primary => P, handlers => Hs, module_levels => Ms, proxy => #{}}.

callback(Module, Function, Args, Default) ->
    _ = code:ensure_loaded(Module),
    case erlang:function_exported(Module, Function, length(Args)) of
        true -> apply(Module, Function, Args);
        false -> Default
    end.

%% ---- module levels ----

set_module_level(Modules, Level) when is_list(Modules) ->
    case valid_level(Level) of
        true ->
            change(fun(C = #{modules := Ms}) ->
                           {ok, C#{modules := maps:merge(Ms, maps:from_keys(Modules, Level))}}
                   end);
        false ->
            {error, {invalid_level, Level}}
    end;
set_module_level(Module, Level) -> set_module_level([Module], Level).

unset_module_level() -> change(fun(C) -> {ok, C#{modules := #{}}} end).

unset_module_level(Modules) when is_list(Modules) ->
    change(fun(C = #{modules := Ms}) -> {ok, C#{modules := maps:without(Modules, Ms)}} end);
unset_module_level(Module) -> unset_module_level([Module]).

get_module_level() ->
    #{modules := Levels} = config(),
    lists:sort(maps:to_list(Levels)).

get_module_level(Modules) when is_list(Modules) ->
    #{modules := Levels} = config(),
    [{M, L} || M <- Modules, {ok, L} <- [maps:find(M, Levels)]];
get_module_level(Module) -> get_module_level([Module]).

set_application_level(App, Level) ->
    case application:get_key(App, modules) of
        {ok, Modules} -> set_module_level(Modules, Level);
        undefined -> {error, {not_loaded, App}}
    end.

unset_application_level(App) ->
    case application:get_key(App, modules) of
        {ok, Modules} -> unset_module_level(Modules);
        undefined -> {error, {not_loaded, App}}
    end.

%% ---- the configuration ----

default_primary() -> #{level => notice, filter_default => log, filters => [], metadata => #{}}.

default_handler(Id, Module) ->
    #{id => Id, module => Module, level => all, filter_default => log, filters => [],
      formatter => {logger_formatter, #{}}}.

initial() ->
    Default = (default_handler(default, logger_std_h))#{
                formatter => {logger_formatter, #{legacy_header => true, single_line => false}},
                %% Standard error, where this VM has always written its reports: standard
                %% output carries the program's own output and its `Return value:` line.
                config => #{type => standard_error}},
    #{primary => default_primary(), handlers => [Default], modules => #{}}.

config() ->
    try persistent_term:get(?KEY)
    catch error:badarg -> initial()
    end.

%% Apply Fun(Config) -> {Reply, NewConfig} in the configuration process.
change(Fun) ->
    Pid = server(),
    Ref = erlang:monitor(process, Pid),
    Pid ! {?SERVER, self(), Ref, Fun},
    receive
        {Ref, Reply} ->
            erlang:demonitor(Ref, [flush]),
            Reply;
        {'DOWN', Ref, process, Pid, _} ->
            change(Fun)
    end.

server() ->
    case whereis(?SERVER) of
        undefined ->
            Pid = spawn(fun loop/0),
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

loop() ->
    receive
        {?SERVER, From, Ref, Fun} ->
            Reply = try Fun(config()) of
                        {R, New} ->
                            New =:= config() orelse persistent_term:put(?KEY, New),
                            R
                    catch
                        C:E -> {error, {C, E}}
                    end,
            From ! {Ref, Reply},
            loop()
    end.
