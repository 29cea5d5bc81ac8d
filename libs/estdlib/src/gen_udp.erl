%% gen_udp: OTP's gen_udp API, on the `socket` module (through gen_udp_socket).
-module(gen_udp).

-export([open/1, open/2, send/3, send/4, recv/2, recv/3, close/1, controlling_process/2]).

open(Port) ->
    open(Port, []).

open(Port, Opts) when is_integer(Port), Port >= 0, is_list(Opts) ->
    gen_udp_socket:open(Port, Opts).

%% send(S, {Addr, Port}, Data), as OTP 25 also takes a sockaddr map as destination.
send(S, {Addr, Port}, Data) ->
    gen_udp_socket:send(S, Addr, Port, Data);
send(S, #{addr := Addr, port := Port}, Data) ->
    gen_udp_socket:send(S, Addr, Port, Data).

send(S, Addr, Port, Data) ->
    gen_udp_socket:send(S, Addr, Port, Data).

recv(S, Length) ->
    recv(S, Length, infinity).

recv(S, Length, Timeout) when is_integer(Length), Length >= 0 ->
    gen_udp_socket:recv(S, Length, Timeout).

close(S) ->
    gen_udp_socket:close(S).

controlling_process(S, Pid) ->
    gen_udp_socket:controlling_process(S, Pid).
