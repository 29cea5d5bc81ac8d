%% application: applications given by their resource terms; this module is their callback
%% module (and the top supervisor's).
-module(test_application).
-export([test_load/0, test_env/0, test_start_stop/0, test_start_errors/0,
         test_ensure_all_started/0, test_get_application/0, test_load_resource_file/0]).
-export([start/2, stop/1, init/1]).
-include("etest.hrl").

-define(MATCH(Pattern, Expr),
        (fun(V__) ->
                 case V__ of
                     Pattern -> ok;
                     _ -> throw({failed_match, ?LINE, ??Pattern, V__})
                 end
         end)(Expr)).

%% ---- callbacks ----

start(normal, {report, Pid} = Args) ->
    Pid ! {started, application:get_application()},
    {ok, Sup} = supervisor:start_link(?MODULE, []),
    %% Any process started from here (no proc_lib needed) is in the application, and its
    %% io goes through the application master.
    spawn(fun() -> Pid ! {child, application:get_application(), io:put_chars("")} end),
    {ok, Sup, Args};
start(normal, plain) -> supervisor:start_link(?MODULE, []);
start(normal, fail) -> {error, nope};
start(normal, bad) -> what.

stop({report, Pid}) -> Pid ! stopped, ok;
stop(_) -> ok.

init([]) -> {ok, {#{}, []}}.

%% ---- helpers ----

app(Name, Extra) ->
    {application, Name, [{description, "test app"}, {vsn, "1.0"},
                         {applications, [kernel, stdlib]}, {env, [{k, v}]} | Extra]}.

recv() -> receive M -> M after 1000 -> none end.

%% ---- tests ----

test_load() ->
    ?ASSERT_MATCH(ok, application:load(app(tapp_load, []))),
    ?MATCH({error, {already_loaded, {application, tapp_load, _}}},
           application:load(app(tapp_load, []))),
    ?ASSERT_TRUE(lists:member({tapp_load, "test app", "1.0"}, application:loaded_applications())),
    ?ASSERT_MATCH({ok, "1.0"}, application:get_key(tapp_load, vsn)),
    ?ASSERT_MATCH({ok, [kernel, stdlib]}, application:get_key(tapp_load, applications)),
    ?ASSERT_MATCH(undefined, application:get_key(tapp_load, no_such_key)),
    ?ASSERT_MATCH(undefined, application:get_key(tapp_nothing, vsn)),
    ok = application:load({application, tapp_bare, []}),
    ?ASSERT_MATCH({ok, []}, application:get_key(tapp_bare, modules)),
    ?ASSERT_MATCH({ok, []}, application:get_key(tapp_bare, applications)),
    ?ASSERT_MATCH(ok, application:unload(tapp_load)),
    ?ASSERT_MATCH({error, {not_loaded, tapp_load}}, application:unload(tapp_load)),
    ?ASSERT_FALSE(lists:keymember(tapp_load, 1, application:loaded_applications())),
    ok = application:unload(tapp_bare),
    ok.

test_env() ->
    ok = application:load(app(tapp_env, [])),
    ?ASSERT_MATCH({ok, v}, application:get_env(tapp_env, k)),
    ?ASSERT_MATCH(undefined, application:get_env(tapp_env, other)),
    ?ASSERT_MATCH(dflt, application:get_env(tapp_env, other, dflt)),
    ?ASSERT_MATCH(v, application:get_env(tapp_env, k, dflt)),
    ?ASSERT_MATCH(ok, application:set_env(tapp_env, other, 2)),
    ?ASSERT_MATCH({ok, 2}, application:get_env(tapp_env, other)),
    ?ASSERT_MATCH([{k, v}, {other, 2}], lists:sort(application:get_all_env(tapp_env))),
    ?ASSERT_MATCH(ok, application:unset_env(tapp_env, other)),
    ?ASSERT_MATCH(undefined, application:get_env(tapp_env, other)),
    %% An application need not be loaded to have an environment.
    ?ASSERT_MATCH(ok, application:set_env(tapp_unloaded, x, 1)),
    ?ASSERT_MATCH({ok, 1}, application:get_env(tapp_unloaded, x)),
    ok = application:unload(tapp_env),
    ok.

test_start_stop() ->
    ok = application:load(app(tapp_run, [{mod, {?MODULE, {report, self()}}}])),
    ?ASSERT_MATCH(ok, application:start(tapp_run)),
    ?ASSERT_MATCH({started, {ok, tapp_run}}, recv()),
    ?ASSERT_MATCH({child, {ok, tapp_run}, ok}, recv()),
    ?ASSERT_MATCH({error, {already_started, tapp_run}}, application:start(tapp_run)),
    ?ASSERT_MATCH(ok, application:ensure_started(tapp_run)),
    ?ASSERT_TRUE(lists:member({tapp_run, "test app", "1.0"}, application:which_applications())),
    ?ASSERT_MATCH({error, {running, tapp_run}}, application:unload(tapp_run)),
    ?ASSERT_MATCH(ok, application:stop(tapp_run)),
    ?ASSERT_MATCH(stopped, recv()),
    ?ASSERT_MATCH({error, {not_started, tapp_run}}, application:stop(tapp_run)),
    ?ASSERT_FALSE(lists:keymember(tapp_run, 1, application:which_applications())),
    %% Started again, with the {ok, Pid} form; a library application has no mod.
    ok = application:unload(tapp_run),
    ok = application:load(app(tapp_run, [{mod, {?MODULE, plain}}])),
    ?ASSERT_MATCH(ok, application:start(tapp_run, temporary)),
    ok = application:load(app(tapp_lib, [])),
    ?ASSERT_MATCH(ok, application:start(tapp_lib)),
    ?ASSERT_MATCH([tapp_lib, tapp_run],
                  [A || {A, _, _} <- application:which_applications(),
                        A =:= tapp_run orelse A =:= tapp_lib]),
    ok = application:stop(tapp_lib),
    ok = application:stop(tapp_run),
    ok = application:unload(tapp_lib),
    ok = application:unload(tapp_run),
    ok.

test_start_errors() ->
    ok = application:load(app(tapp_fail, [{mod, {?MODULE, fail}}])),
    ?ASSERT_MATCH({error, {nope, {?MODULE, start, [normal, fail]}}}, application:start(tapp_fail)),
    ?ASSERT_FALSE(lists:keymember(tapp_fail, 1, application:which_applications())),
    ok = application:load(app(tapp_bad, [{mod, {?MODULE, bad}}])),
    ?ASSERT_MATCH({error, {bad_return, {{?MODULE, start, [normal, bad]}, what}}},
                  application:start(tapp_bad)),
    %% No resource file to load it from.
    ?ASSERT_MATCH({error, {"no such file or directory", "tapp_no_such_app.app"}},
                  application:start(tapp_no_such_app)),
    ?ASSERT_MATCH({error, {"no such file or directory", "tapp_no_such_app.app"}},
                  application:load(tapp_no_such_app)),
    ok = application:load({application, tapp_needs, [{applications, [kernel, tapp_dep_x]}]}),
    ?ASSERT_MATCH({error, {not_started, tapp_dep_x}}, application:start(tapp_needs)),
    ok = application:unload(tapp_needs),
    ok = application:unload(tapp_fail),
    ok = application:unload(tapp_bad),
    ok.

test_ensure_all_started() ->
    ok = application:load({application, tapp_top, [{applications, [kernel, stdlib, tapp_mid]}]}),
    ?MATCH({error, {tapp_mid, _}}, application:ensure_all_started(tapp_top)),
    ok = application:load({application, tapp_mid, [{applications, [kernel, tapp_low]}]}),
    ok = application:load({application, tapp_low,
                           [{applications, [stdlib]}, {mod, {?MODULE, plain}}]}),
    ?ASSERT_MATCH({ok, [tapp_low, tapp_mid, tapp_top]}, application:ensure_all_started(tapp_top)),
    ?ASSERT_MATCH({ok, []}, application:ensure_all_started(tapp_top)),
    ok = application:stop(tapp_top),
    ?ASSERT_MATCH({ok, [tapp_top]}, application:ensure_all_started(tapp_top, temporary)),
    [ok = application:stop(A) || A <- [tapp_top, tapp_mid, tapp_low]],
    [ok = application:unload(A) || A <- [tapp_top, tapp_mid, tapp_low]],
    ok.

test_get_application() ->
    ?ASSERT_MATCH(undefined, application:get_application()),
    ok = application:load(app(tapp_who, [{mod, {?MODULE, {report, self()}}},
                                         {modules, [test_application_nothing]}])),
    ok = application:start(tapp_who),
    ?ASSERT_MATCH({started, {ok, tapp_who}}, recv()),
    ?ASSERT_MATCH({child, {ok, tapp_who}, ok}, recv()),
    ?ASSERT_MATCH({ok, tapp_who}, application:get_application(test_application_nothing)),
    ?ASSERT_MATCH(undefined, application:get_application(self())),
    ok = application:stop(tapp_who),
    stopped = recv(),
    ok = application:unload(tapp_who),
    ok.

%% tapp_file.app, found by name (erl: on the code path; the VM: in the suite bundle).
test_load_resource_file() ->
    ?ASSERT_MATCH(ok, application:load(tapp_file)),
    ?ASSERT_MATCH({error, {already_loaded, tapp_file}}, application:load(tapp_file)),
    ?ASSERT_MATCH({ok, "2.1.0"}, application:get_key(tapp_file, vsn)),
    ?ASSERT_MATCH({ok, "resource \"file\" app"}, application:get_key(tapp_file, description)),
    ?ASSERT_MATCH({ok, [kernel, stdlib]}, application:get_key(tapp_file, applications)),
    ?ASSERT_MATCH({ok, 3}, application:get_env(tapp_file, count)),
    ?ASSERT_MATCH({ok, -1.5e3}, application:get_env(tapp_file, ratio)),
    ?ASSERT_MATCH({ok, 'it\'s'}, application:get_env(tapp_file, 'Quoted atom')),
    ?ASSERT_MATCH({ok, 255}, application:get_env(tapp_file, hex)),
    ?ASSERT_MATCH({ok, $a}, application:get_env(tapp_file, char)),
    ?ASSERT_MATCH({ok, <<"bytes", 0, 255>>}, application:get_env(tapp_file, bin)),
    ?ASSERT_MATCH({ok, [a | b]}, application:get_env(tapp_file, tail)),
    ?MATCH({ok, #{key := [1, 2], "s" := {}}}, application:get_env(tapp_file, map)),
    ?ASSERT_MATCH({ok, {[], [[]], {x, y@z, 'A_b'}}}, application:get_env(tapp_file, nested)),
    ?ASSERT_TRUE(lists:member({tapp_file, "resource \"file\" app", "2.1.0"},
                              application:loaded_applications())),
    ?ASSERT_MATCH(ok, application:unload(tapp_file)),
    ok.
