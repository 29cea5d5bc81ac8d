%% io on stdout: io:format output (through the group leader, the io server the VM starts when
%% the libraries are loaded) appears in order, before the VM's `Return value:` line.
%% Run: AtomVM build/examples/hello_io.avm build/libs/atomvmlib.avm
-module(hello_io).
-export([start/0]).

start() ->
    io:format("Hello, ~s!~n", ["world"]),
    io:format("~p~n", [{list, lists:seq(1, 5), #{key => <<"value">>}}]),
    Pid = spawn(fun() -> io:format("from ~p~n", [child]) end),
    Ref = monitor(process, Pid),
    receive {'DOWN', Ref, process, Pid, _} -> ok end,
    io:put_chars(["put_chars", $\n]),
    ok.
