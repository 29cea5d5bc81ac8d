%% Purpose: erlang BIFs for calendar time, nodes, funs (make_fun/3, fun_info_mfa/1), is_record/2,3, iovecs, external_size, list_to_pid/port/ref, is_builtin, statistics, garbage_collect, send_nosuspend and node-naming spawns.
-module(erlang_misc_bifs).
-export([start/0]).
%% expect: {1709208001,0,{{2024,2,29},{12,0,1}},{{1970,1,1},{0,0,0}},{{2100,1,1},{0,0,0}},{{2000,12,31},{23,59,59}},{error,badarg},{error,badarg},3,3,3,nonode@nohost,[],[],false,nocookie,nocookie,{error,notalive},{error,badarg},{lists,map,2},[3,2,1],true,{error,badarg},true,true,false,false,false,{error,badarg},[<<131,109,0,0,0,2,1,2>>],[<<131,108,0,0,0,2,97,1,104,2,97,2,107,0,1,120,106>>],[<<1,2,97,98>>],[],true,<0.5.0>,"<0.5.0>",true,"#Ref<0.0.0.5>","#Port<0.5>",true,{error,badarg},{error,badarg},{error,badarg},true,true,false,true,true,true,true,true,true,async,true,true,pong,bang,bang,hello,normal,true,true,true,true}

try_(F) ->
    try F() catch C:R -> {C, R} end.

%% Through apply, so that the compiler keeps the calls.
e(F, Args) -> apply(erlang, F, Args).

start() ->
    Self = self(),
    Node = node(),
    {P, Ref} = e(spawn_monitor, [Node, fun() -> Self ! {hello, self()} end]),
    Hello = receive {hello, P} -> hello after 1000 -> none end,
    Down = receive {'DOWN', Ref, process, P, R} -> R after 1000 -> none end,
    L = e(spawn_link, [Node, lists, reverse, [[1, 2]]]),
    Linked = is_pid(L),
    Pid5 = list_to_pid("<0.5.0>"),
    {Total, _} = statistics(wall_clock),
    {Run, _} = statistics(runtime),
    {e(universaltime_to_posixtime, [{{2024, 2, 29}, {12, 0, 1}}]),
     e(universaltime_to_posixtime, [{{1970, 1, 1}, {0, 0, 0}}]),
     e(posixtime_to_universaltime, [1709208001]),
     e(posixtime_to_universaltime, [0]),
     e(posixtime_to_universaltime, [4102444800]),
     e(localtime_to_universaltime, [{{2000, 12, 31}, {23, 59, 59}}, false]),
     try_(fun() -> e(localtime_to_universaltime, [{{2023, 2, 29}, {0, 0, 0}}]) end),
     try_(fun() -> e(universaltime_to_posixtime, [{{2023, 1, 1}, {24, 0, 0}}]) end),
     tuple_size(date()), tuple_size(time()), tuple_size(element(1, e(localtime, []))),
     e(node, [Self]), e(nodes, []), e(nodes, [connected]), e(is_alive, []),
     e(get_cookie, []), e(get_cookie, [foo@bar]),
     try_(fun() -> e(monitor_node, [foo@bar, true]) end),
     try_(fun() -> e(node, [a]) end),
     e(fun_info_mfa, [fun lists:map/2]),
     (e(make_fun, [lists, reverse, 1]))([1, 2, 3]),
     e(make_fun, [lists, reverse, 1]) =:= fun lists:reverse/1,
     try_(fun() -> e(make_fun, [lists, "reverse", 1]) end),
     e(is_record, [{point, 1, 2}, point]), e(is_record, [{point, 1, 2}, point, 3]),
     e(is_record, [{point, 1, 2}, point, 2]), e(is_record, [{}, point]),
     e(is_record, [point, point]),
     try_(fun() -> e(is_record, [{point}, "point"]) end),
     e(term_to_iovec, [<<1, 2>>]), e(term_to_iovec, [[1, {2, "x"}]]),
     e(iolist_to_iovec, [[1, <<2>>, [<<>>, "ab"]]]), e(iolist_to_iovec, [[[], <<>>]]),
     e(external_size, [[1, {2, <<3>>}]]) =:= byte_size(term_to_binary([1, {2, <<3>>}])),
     Pid5, pid_to_list(Pid5), list_to_pid(pid_to_list(Self)) =:= Self,
     ref_to_list(e(list_to_ref, ["#Ref<0.0.0.5>"])), port_to_list(e(list_to_port, ["#Port<0.5>"])),
     begin Ref1 = make_ref(), e(list_to_ref, [ref_to_list(Ref1)]) =:= Ref1 end,
     try_(fun() -> e(list_to_ref, ["#Ref<0.0.0>"]) end),
     try_(fun() -> e(list_to_pid, ["<0.5"]) end),
     try_(fun() -> e(list_to_pid, ["<1.5.0>"]) end),
     e(is_builtin, [erlang, apply, 3]), e(is_builtin, [erlang, crc32, 1]),
     e(is_builtin, [lists, map, 2]),
     erlang:function_exported(erlang, apply, 2), erlang:function_exported(erlang, node, 0),
     is_integer(Total) andalso Total >= 0, is_integer(Run) andalso Run >= 0,
     e(garbage_collect, []), e(garbage_collect, [Self]),
     e(garbage_collect, [Self, [{async, gc_req}]]),
     receive {garbage_collect, gc_req, G} -> G after 1000 -> none end,
     e(send_nosuspend, [Self, ping]), receive ping -> pong after 1000 -> none end,
     e('!', [Self, bang]), receive bang -> bang after 1000 -> none end,
     Hello, Down, Linked,
     e(bump_reductions, [100]),
     is_integer(e(time_offset, [])), is_integer(e(time_offset, [second]))}.
