%% gen_tcp: OTP's gen_tcp API, on the `socket` module (through gen_tcp_socket).
-module(gen_tcp).

-export([connect/3, connect/4, listen/2, accept/1, accept/2, send/2, recv/2, recv/3, close/1,
         shutdown/2, controlling_process/2]).

connect(Address, Port, Opts) ->
    connect(Address, Port, Opts, infinity).

connect(Address, Port, Opts, Timeout) when is_integer(Port), Port >= 0, is_list(Opts) ->
    gen_tcp_socket:connect(Address, Port, Opts, Timeout).

listen(Port, Opts) when is_integer(Port), Port >= 0, is_list(Opts) ->
    gen_tcp_socket:listen(Port, Opts).

accept(L) ->
    accept(L, infinity).

accept(L, Timeout) ->
    gen_tcp_socket:accept(L, Timeout).

send(S, Data) ->
    gen_tcp_socket:send(S, Data).

recv(S, Length) ->
    recv(S, Length, infinity).

recv(S, Length, Timeout) when is_integer(Length), Length >= 0 ->
    gen_tcp_socket:recv(S, Length, Timeout).

close(S) ->
    gen_tcp_socket:close(S).

shutdown(S, How) when How =:= read; How =:= write; How =:= read_write ->
    gen_tcp_socket:shutdown(S, How).

controlling_process(S, Pid) ->
    gen_tcp_socket:controlling_process(S, Pid).
