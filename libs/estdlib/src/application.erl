%% application: OTP's applications, small. An application is loaded from its resource term
%% `{application, Name, Props}`, given as such or read from the file `Name.app`, which a bundle
%% carries as the data section `Name/ebin/Name.app` (a small reader of Erlang term text below
%% parses it); started in dependency
%% order and run by a master process of its own that calls Mod:start/2 and, on stop, shuts the
%% top process down and calls Mod:stop/1. Loaded applications, their environment and what is
%% running live in a registered process started on first use; kernel and stdlib count as
%% loaded and started.
-module(application).

-export([load/1, unload/1, start/1, start/2, stop/1, ensure_started/1, ensure_started/2,
         ensure_all_started/1, ensure_all_started/2,
         get_env/2, get_env/3, get_all_env/1, set_env/3, set_env/4, unset_env/2, unset_env/3,
         get_key/2, get_application/0, get_application/1,
         which_applications/0, loaded_applications/0,
         %% the caller's own application's, and the forms with an ignored option
         get_env/1, get_all_env/0, get_key/1, get_all_key/0, get_all_key/1, set_env/1, set_env/2,
         load/2, which_applications/1, ensure_all_started/3]).
-export([master/4]).

-define(SERVER, application_controller).

%% Props as get_key/2 shows them when the resource term leaves them out.
-define(DEFAULTS, [{description, ""}, {id, ""}, {vsn, ""}, {modules, []}, {maxP, infinity},
                   {maxT, infinity}, {registered, []}, {included_applications, []},
                   {applications, []}, {env, []}, {mod, []}]).

%% ---- loading ----

load({application, Name, Props}) when is_atom(Name), is_list(Props) ->
    call({load, Name, Props});
load(Name) when is_atom(Name) ->
    case call({props, Name}) of
        {ok, _} -> {error, {already_loaded, Name}};
        undefined ->
            File = atom_to_list(Name) ++ ".app",
            case resource_file(Name, File) of
                undefined when Name =:= compiler ->
                    %% OTP's compiler is a library application (no processes) that Elixir's
                    %% `elixir` lists as a dependency; its modules are not part of this VM.
                    call({load, compiler, [{description, "ERTS  CXC 138 10"}, {vsn, "9.0"},
                                           {applications, [kernel, stdlib]}]});
                undefined -> {error, {"no such file or directory", File}};
                Text ->
                    case parse_resource(Text) of
                        {ok, {application, Name, Props}} when is_list(Props) ->
                            call({load, Name, Props});
                        {ok, Other} -> {error, {{bad_resource, Other}, File}};
                        {error, Why} -> {error, {Why, File}}
                    end
            end
    end.

%% The text of App/ebin/File in the loaded bundles, or undefined.
resource_file(App, File) ->
    try atomvm:read_ebin(App, File)
    catch error:undef -> undefined
    end.

unload(Name) -> call({unload, Name}).

%% Loaded already counts as success for starting.
loaded(Name) ->
    case call({props, Name}) of
        {ok, _} -> ok;
        undefined -> load(Name)
    end.

%% ---- environment and keys ----

get_env(App, Key) -> call({get_env, App, Key}).
get_env(App, Key, Default) ->
    case get_env(App, Key) of
        {ok, V} -> V;
        undefined -> Default
    end.

get_all_env(App) -> call({get_all_env, App}).

%% The application of the calling process (undefined when it has none).
get_env(Key) -> in_own_app(fun(App) -> get_env(App, Key) end, undefined).
get_all_env() -> in_own_app(fun get_all_env/1, []).
get_key(Key) -> in_own_app(fun(App) -> get_key(App, Key) end, undefined).
get_all_key() -> in_own_app(fun(App) -> {ok, get_all_key_list(App)} end, []).

get_all_key(App) ->
    case call({props, App}) of
        {ok, _} -> {ok, get_all_key_list(App)};
        undefined -> undefined
    end.

get_all_key_list(App) ->
    [{K, V} || {K, _} <- ?DEFAULTS, {ok, V} <- [get_key(App, K)]].

in_own_app(F, None) ->
    case get_application() of
        {ok, App} -> F(App);
        undefined -> None
    end.

%% set_env([{App, [{Key, Val}]}]) (OTP 21).
set_env(Config) -> set_env(Config, []).
set_env(Config, _Opts) when is_list(Config) ->
    lists:foreach(fun({App, Pairs}) ->
                          lists:foreach(fun({K, V}) -> set_env(App, K, V) end, Pairs)
                  end, Config).
set_env(App, Key, Val) -> call({set_env, App, Key, Val}).
set_env(App, Key, Val, _Opts) -> set_env(App, Key, Val).
unset_env(App, Key) -> call({unset_env, App, Key}).
unset_env(App, Key, _Opts) -> unset_env(App, Key).

get_key(App, Key) ->
    case call({props, App}) of
        {ok, Props} ->
            case lists:keyfind(Key, 1, Props ++ ?DEFAULTS) of
                {_, V} -> {ok, V};
                false -> undefined
            end;
        undefined -> undefined
    end.

%% The application a process runs in: the one whose master is the process or one of its
%% ancestors. An atom asks which loaded application lists that module.
get_application() -> get_application(self()).
get_application(Pid) when is_pid(Pid) ->
    Masters = call(masters),
    Leader = case erlang:process_info(Pid, group_leader) of
                 {group_leader, L} -> [L];
                 _ -> []
             end,
    find_master([Pid | Leader ++ ancestors(Pid)], Masters);
get_application(Module) when is_atom(Module) ->
    call({module_owner, Module}).

find_master([], _) -> undefined;
find_master([P | Ps], Masters) ->
    Pid = case is_atom(P) of true -> whereis(P); false -> P end,
    case lists:keyfind(Pid, 1, Masters) of
        {_, App} -> {ok, App};
        false -> find_master(Ps, Masters)
    end.

ancestors(Pid) ->
    case erlang:process_info(Pid, dictionary) of
        {dictionary, D} ->
            case lists:keyfind('$ancestors', 1, D) of
                {_, L} when is_list(L) -> L;
                _ -> []
            end;
        _ -> []
    end.

which_applications() -> call(which).
which_applications(_Timeout) -> which_applications().

%% No distribution: the second argument of load/2 and the mode of ensure_all_started/3 change
%% nothing here.
load(App, _Distributed) -> load(App).
loaded_applications() -> call(loaded).

%% ---- starting and stopping ----

start(Name) -> start(Name, temporary).
start(Name, _Type) ->
    case loaded(Name) of
        ok -> start_loaded(Name);
        Error -> Error
    end.

start_loaded(Name) ->
    case call({check_start, Name}) of
        {ok, Props} ->
            case proplists:get_value(mod, Props, []) of
                {Mod, Args} ->
                    Ref = make_ref(),
                    Master = proc_lib:spawn(?MODULE, master, [self(), Ref, Name, {Mod, Args}]),
                    MRef = erlang:monitor(process, Master),
                    receive
                        {Ref, ok} ->
                            erlang:demonitor(MRef, [flush]),
                            call({started, Name, Master});
                        {Ref, Error} ->
                            erlang:demonitor(MRef, [flush]),
                            call({start_failed, Name}),
                            Error;
                        {'DOWN', MRef, process, Master, Why} ->
                            call({start_failed, Name}),
                            {error, Why}
                    end;
                [] ->
                    %% A library application: nothing to run.
                    call({started, Name, undefined})
            end;
        Error -> Error
    end.

ensure_started(Name) -> ensure_started(Name, temporary).
ensure_started(Name, Type) ->
    case start(Name, Type) of
        {error, {already_started, Name}} -> ok;
        Other -> Other
    end.

ensure_all_started(Name) -> ensure_all_started(Name, temporary).
ensure_all_started(Names, Type, _Mode) when is_list(Names) ->
    all_in_order(Names, Type, []);
ensure_all_started(Name, Type, _Mode) -> ensure_all_started(Name, Type).

all_in_order([], _, Acc) -> {ok, Acc};
all_in_order([N | Ns], Type, Acc) ->
    case ensure_all_started(N, Type) of
        {ok, Started} -> all_in_order(Ns, Type, Acc ++ Started);
        {error, _} = E -> E
    end.
ensure_all_started(Name, Type) ->
    case all_started(Name, Type, []) of
        {ok, Started} -> {ok, lists:reverse(Started)};
        {error, _} = E -> E
    end.

%% Started: newest first.
all_started(Name, Type, Started) ->
    case loaded(Name) of
        ok ->
            {ok, Deps} = get_key(Name, applications),
            case deps_started(Deps, Type, Started) of
                {ok, Started1} ->
                    case start(Name, Type) of
                        ok -> {ok, [Name | Started1]};
                        {error, {already_started, Name}} -> {ok, Started1};
                        {error, Why} -> {error, {Name, Why}}
                    end;
                Error -> Error
            end;
        {error, Why} -> {error, {Name, Why}}
    end.

deps_started([], _, Started) -> {ok, Started};
deps_started([D | Ds], Type, Started) ->
    case all_started(D, Type, Started) of
        {ok, Started1} -> deps_started(Ds, Type, Started1);
        Error -> Error
    end.

stop(Name) ->
    case call({take_started, Name}) of
        {ok, undefined} -> ok;
        {ok, Master} ->
            Ref = erlang:monitor(process, Master),
            Master ! {stop, self(), Ref},
            receive
                {Ref, ok} -> erlang:demonitor(Ref, [flush]), ok;
                {'DOWN', Ref, process, Master, _} -> ok
            end;
        Error -> Error
    end.

%% The master of a running application. As in OTP, it is the group leader of the
%% application's processes (their io requests go on to its own group leader), which is how
%% get_application/1 knows them. A runner process, the top process's parent, calls
%% Mod:start/2 and later shuts the top process down and calls Mod:stop/1.
master(Caller, Ref, Name, {Mod, Args}) ->
    process_flag(trap_exit, true),
    call({master, self(), Name}),
    Leader = group_leader(),
    Master = self(),
    Runner = proc_lib:spawn_link(fun() -> runner(Master, Mod, Args) end),
    master_loop(Name, Runner, Leader, {starting, Caller, Ref}).

master_loop(Name, Runner, Leader, Waiting) ->
    receive
        {io_request, _, _, _} = Io ->
            Leader ! Io,
            master_loop(Name, Runner, Leader, Waiting);
        {Runner, started, Result} ->
            {starting, Caller, Ref} = Waiting,
            Caller ! {Ref, Result},
            case Result of
                ok -> master_loop(Name, Runner, Leader, none);
                _ -> ok
            end;
        {stop, From, Ref} ->
            Runner ! {self(), stop},
            master_loop(Name, Runner, Leader, {stopping, From, Ref});
        {Runner, stopped} ->
            case Waiting of
                {stopping, From, Ref} -> From ! {Ref, ok};
                _ -> call({take_started, Name})
            end;
        {'EXIT', Runner, Why} ->
            case Waiting of
                {starting, Caller, Ref} ->
                    Caller ! {Ref, {error, {bad_return, {runner, {'EXIT', Why}}}}};
                {stopping, From, Ref} -> From ! {Ref, ok};
                none -> call({take_started, Name})
            end;
        _ ->
            master_loop(Name, Runner, Leader, Waiting)
    end.

runner(Master, Mod, Args) ->
    group_leader(Master, self()),
    process_flag(trap_exit, true),
    MFA = {Mod, start, [normal, Args]},
    Result = try Mod:start(normal, Args) of
                 {ok, Pid} when is_pid(Pid) -> {ok, Pid, []};
                 {ok, Pid, S} when is_pid(Pid) -> {ok, Pid, S};
                 {error, E} -> {error, {E, MFA}};
                 Other -> {error, {bad_return, {MFA, Other}}}
             catch
                 error:E:St -> {error, {bad_return, {MFA, {'EXIT', {E, St}}}}};
                 exit:E -> {error, {bad_return, {MFA, {'EXIT', E}}}};
                 throw:T -> {error, {bad_return, {MFA, T}}}
             end,
    case Result of
        {ok, Top, State} ->
            Master ! {self(), started, ok},
            runner_loop(Master, Mod, Top, State);
        Error ->
            Master ! {self(), started, Error}
    end.

runner_loop(Master, Mod, Top, State) ->
    receive
        {Master, stop} ->
            State1 = case erlang:function_exported(Mod, prep_stop, 1) of
                         true -> Mod:prep_stop(State);
                         false -> State
                     end,
            shutdown(Top),
            _ = Mod:stop(State1),
            Master ! {self(), stopped};
        {'EXIT', Top, _Reason} ->
            %% The application ended by itself.
            _ = Mod:stop(State),
            Master ! {self(), stopped};
        {'EXIT', Master, _} ->
            shutdown(Top);
        _ ->
            runner_loop(Master, Mod, Top, State)
    end.

shutdown(Pid) ->
    Ref = erlang:monitor(process, Pid),
    exit(Pid, shutdown),
    receive
        {'DOWN', Ref, process, Pid, _} -> ok
    after 5000 ->
        exit(Pid, kill),
        receive {'DOWN', Ref, process, Pid, _} -> ok end
    end,
    receive {'EXIT', Pid, _} -> ok after 0 -> ok end.

%% ---- the controller ----

call(Request) ->
    Pid = server(),
    Ref = erlang:monitor(process, Pid),
    Pid ! {?SERVER, self(), Ref, Request},
    receive
        {Ref, Reply} ->
            erlang:demonitor(Ref, [flush]),
            Reply;
        {'DOWN', Ref, process, Pid, _} ->
            call(Request)
    end.

server() ->
    case whereis(?SERVER) of
        undefined ->
            Pid = spawn(fun() -> loop(initial()) end),
            try register(?SERVER, Pid) of
                true -> Pid
            catch
                error:badarg ->
                    exit(Pid, kill),
                    server()
            end;
        Pid ->
            Pid
    end.

initial() ->
    Base = fun(N, Vsn) ->
                   {N, [{description, "ERTS  CXC 138 10"}, {vsn, Vsn}]}
           end,
    #{loaded => maps:from_list([Base(kernel, "8.5"), Base(stdlib, "4.2")]),
      env => #{},
      %% {Name, Master | undefined}, newest first.
      started => [{stdlib, undefined}, {kernel, undefined}],
      starting => [],
      %% Masters of applications being started or running: #{Pid => Name}.
      masters => #{}}.

loop(St) ->
    receive
        {?SERVER, From, Ref, Request} ->
            {Reply, St1} = handle(Request, St),
            From ! {Ref, Reply},
            loop(St1)
    end.

handle({load, Name, Props}, #{loaded := L, env := Env} = St) ->
    case maps:find(Name, L) of
        {ok, Old} -> {{error, {already_loaded, {application, Name, Old}}}, St};
        error ->
            AppEnv = proplists:get_value(env, Props, []),
            Env1 = lists:foldl(fun({K, V}, E) -> E#{{Name, K} => V} end, Env, AppEnv),
            {ok, St#{loaded := L#{Name => Props}, env := Env1}}
    end;
handle({unload, Name}, #{loaded := L, env := Env, started := S} = St) ->
    case {maps:is_key(Name, L), lists:keymember(Name, 1, S)} of
        {false, _} -> {{error, {not_loaded, Name}}, St};
        {true, true} -> {{error, {running, Name}}, St};
        {true, false} ->
            Env1 = maps:filter(fun({A, _}, _) -> A =/= Name end, Env),
            {ok, St#{loaded := maps:remove(Name, L), env := Env1}}
    end;
handle({props, Name}, #{loaded := L} = St) ->
    case maps:find(Name, L) of
        {ok, Props} -> {{ok, Props}, St};
        error -> {undefined, St}
    end;
handle({get_env, App, Key}, #{env := Env} = St) ->
    case maps:find({App, Key}, Env) of
        {ok, V} -> {{ok, V}, St};
        error -> {undefined, St}
    end;
handle({get_all_env, App}, #{env := Env} = St) ->
    {[{K, V} || {{A, K}, V} <- maps:to_list(Env), A =:= App], St};
handle({set_env, App, Key, Val}, #{env := Env} = St) ->
    {ok, St#{env := Env#{{App, Key} => Val}}};
handle({unset_env, App, Key}, #{env := Env} = St) ->
    {ok, St#{env := maps:remove({App, Key}, Env)}};
handle({check_start, Name}, #{loaded := L, started := S, starting := Sg} = St) ->
    case maps:find(Name, L) of
        error -> {{error, {not_loaded, Name}}, St};
        {ok, Props} ->
            case lists:keymember(Name, 1, S) orelse lists:member(Name, Sg) of
                true -> {{error, {already_started, Name}}, St};
                false ->
                    Deps = proplists:get_value(applications, Props, []),
                    case [D || D <- Deps, not lists:keymember(D, 1, S)] of
                        [D | _] -> {{error, {not_started, D}}, St};
                        [] -> {{ok, Props}, St#{starting := [Name | Sg]}}
                    end
            end
    end;
handle({started, Name, Master}, #{started := S, starting := Sg} = St) ->
    {ok, St#{started := [{Name, Master} | S], starting := lists:delete(Name, Sg)}};
handle({start_failed, Name}, #{starting := Sg, masters := Ms} = St) ->
    {ok, St#{starting := lists:delete(Name, Sg), masters := without_app(Name, Ms)}};
handle({take_started, Name}, #{started := S, masters := Ms} = St) ->
    case lists:keyfind(Name, 1, S) of
        {_, Master} ->
            {{ok, Master}, St#{started := lists:keydelete(Name, 1, S),
                               masters := without_app(Name, Ms)}};
        false -> {{error, {not_started, Name}}, St}
    end;
handle({master, Pid, Name}, #{masters := Ms} = St) ->
    {ok, St#{masters := Ms#{Pid => Name}}};
handle(masters, #{masters := Ms} = St) ->
    {maps:to_list(Ms), St};
handle({module_owner, Module}, #{loaded := L} = St) ->
    case [N || {N, Props} <- maps:to_list(L),
               lists:member(Module, proplists:get_value(modules, Props, []))] of
        [N | _] -> {{ok, N}, St};
        [] -> {undefined, St}
    end;
handle(which, #{started := S, loaded := L} = St) ->
    {[summary(N, maps:get(N, L, [])) || {N, _} <- S], St};
handle(loaded, #{loaded := L} = St) ->
    {[summary(N, P) || {N, P} <- maps:to_list(L)], St}.

without_app(Name, Ms) -> maps:filter(fun(_, N) -> N =/= Name end, Ms).

summary(Name, Props) ->
    {Name, proplists:get_value(description, Props, ""), proplists:get_value(vsn, Props, "")}.

%% ---- reading a resource file ----

%% The one term of a resource file's text (ended by a full stop): {ok, Term} or
%% {error, {Line, Message}}. Erlang's term syntax as .app files use it: atoms (bare and
%% quoted), strings, characters ($c), integers (and Base#Digits), floats, tuples, lists (with a
%% tail), binaries of strings and integers, maps, and % comments.
parse_resource(Bin) ->
    case unicode:characters_to_list(Bin) of
        Chars when is_list(Chars) ->
            try
                {T, Rest} = term(skip(Chars)),
                case skip(Rest) of
                    [$. | After] ->
                        case skip(After) of
                            [] -> {ok, T};
                            More -> syntax(More)
                        end;
                    Other -> syntax(Other)
                end
            catch throw:{syntax, Left} -> {error, {line(Chars, Left), syntax_error}}
            end;
        _ -> {error, {1, bad_encoding}}
    end.

syntax(Left) -> throw({syntax, Left}).

%% The line of the position where Left starts.
line(All, Left) ->
    Read = lists:sublist(All, length(All) - length(Left)),
    1 + length([C || C <- Read, C =:= $\n]).

skip([C | T]) when C =:= $\s; C =:= $\t; C =:= $\n; C =:= $\r -> skip(T);
skip([$% | T]) -> skip(lists:dropwhile(fun(C) -> C =/= $\n end, T));
skip(L) -> L.

term([${ | T]) ->
    {Es, Rest} = elements(skip(T), $}),
    {list_to_tuple(Es), Rest};
term([$[ | T]) -> list(skip(T));
term([$#, ${ | T]) ->
    {Pairs, Rest} = pairs(skip(T)),
    {maps:from_list(Pairs), Rest};
term([$<, $< | T]) -> binary(skip(T), []);
term([$" | T]) -> quoted(T, $", []);
term([$' | T]) ->
    {Name, Rest} = quoted(T, $', []),
    {list_to_atom(Name), Rest};
term([$$, $\\ | T]) ->
    {C, Rest} = escape(T),
    {C, Rest};
term([$$, C | T]) -> {C, T};
term([$- | T]) ->
    case skip(T) of
        [D | _] = N when D >= $0, D =< $9 ->
            {V, Rest} = number(N),
            {-V, Rest};
        Other -> syntax(Other)
    end;
term([D | _] = T) when D >= $0, D =< $9 -> number(T);
term([C | _] = T) when C >= $a, C =< $z ->
    {Name, Rest} = lists:splitwith(fun name_char/1, T),
    {list_to_atom(Name), Rest};
term(Other) -> syntax(Other).

name_char(C) ->
    (C >= $a andalso C =< $z) orelse (C >= $A andalso C =< $Z)
        orelse (C >= $0 andalso C =< $9) orelse C =:= $_ orelse C =:= $@.

digits(T) -> lists:splitwith(fun(C) -> C >= $0 andalso C =< $9 end, T).

number(T) ->
    {Int, Rest} = digits(T),
    case Rest of
        [$., D | _] when D >= $0, D =< $9 ->
            {Frac, Rest1} = digits(tl(Rest)),
            {Exp, Rest2} = exponent(Rest1),
            {list_to_float(Int ++ "." ++ Frac ++ Exp), Rest2};
        [$# | Rest1] ->
            {Ds, Rest2} = lists:splitwith(fun name_char/1, Rest1),
            try {list_to_integer(Ds, list_to_integer(Int)), Rest2}
            catch error:badarg -> syntax(Rest1)
            end;
        _ -> {list_to_integer(Int), Rest}
    end.

exponent([E | T]) when E =:= $e; E =:= $E ->
    {Sign, T1} = case T of
                     [S | R] when S =:= $+; S =:= $- -> {[S], R};
                     _ -> {"", T}
                 end,
    case digits(T1) of
        {[], _} -> syntax(T);
        {Ds, Rest} -> {"e" ++ Sign ++ Ds, Rest}
    end;
exponent(T) -> {"", T}.

%% Terms separated by commas up to Close.
elements([Close | T], Close) -> {[], T};
elements(T, Close) ->
    {E, Rest} = term(T),
    case skip(Rest) of
        [$, | Rest1] ->
            {Es, Rest2} = elements1(skip(Rest1), Close),
            {[E | Es], Rest2};
        [Close | Rest1] -> {[E], Rest1};
        Other -> syntax(Other)
    end.

elements1(T, Close) ->
    case T of
        [Close | _] -> syntax(T);
        _ -> elements(T, Close)
    end.

list([$] | T]) -> {[], T};
list(T) ->
    {E, Rest} = term(T),
    case skip(Rest) of
        [$, | Rest1] ->
            {Es, Rest2} = list(skip(Rest1)),
            {[E | Es], Rest2};
        [$| | Rest1] ->
            {Tail, Rest2} = term(skip(Rest1)),
            case skip(Rest2) of
                [$] | Rest3] -> {[E | Tail], Rest3};
                Other -> syntax(Other)
            end;
        [$] | Rest1] -> {[E], Rest1};
        Other -> syntax(Other)
    end.

pairs([$} | T]) -> {[], T};
pairs(T) ->
    {K, Rest} = term(T),
    case skip(Rest) of
        [$=, $> | Rest1] ->
            {V, Rest2} = term(skip(Rest1)),
            case skip(Rest2) of
                [$, | Rest3] ->
                    {Ps, Rest4} = pairs(skip(Rest3)),
                    {[{K, V} | Ps], Rest4};
                [$} | Rest3] -> {[{K, V}], Rest3};
                Other -> syntax(Other)
            end;
        Other -> syntax(Other)
    end.

%% <<"text", 1, 2>>: segments of strings and bytes.
binary([$>, $> | T], Acc) -> {list_to_binary(lists:reverse(Acc)), T};
binary(T, Acc) ->
    {Seg, Rest} = term(T),
    Bytes = if
                is_integer(Seg), Seg >= 0, Seg =< 255 -> [Seg];
                is_list(Seg) -> unicode:characters_to_binary(Seg);
                true -> syntax(T)
            end,
    case skip(Rest) of
        [$, | Rest1] -> binary(skip(Rest1), [Bytes | Acc]);
        [$>, $> | _] = End -> binary(End, [Bytes | Acc]);
        Other -> syntax(Other)
    end.

quoted([Q | T], Q, Acc) -> {lists:reverse(Acc), T};
quoted([$\\ | T], Q, Acc) ->
    {C, Rest} = escape(T),
    quoted(Rest, Q, [C | Acc]);
quoted([C | T], Q, Acc) -> quoted(T, Q, [C | Acc]);
quoted([], _, _) -> syntax([]).

escape([$n | T]) -> {$\n, T};
escape([$t | T]) -> {$\t, T};
escape([$r | T]) -> {$\r, T};
escape([$s | T]) -> {$\s, T};
escape([$e | T]) -> {27, T};
escape([$0 | T]) -> {0, T};
escape([C | T]) -> {C, T};
escape([]) -> syntax([]).
