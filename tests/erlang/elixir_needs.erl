%% What Elixir's standard library asks the VM at run time: the byte order (Regex keeps a
%% compiled pattern only for the same one), the OTP release (elixir's start refuses old ones),
%% the error handler of a process (Code asks before waiting for a module to compile).
-module(elixir_needs).
-export([start/0]).
%% expect: {true,true,{error_handler,error_handler}}

start() ->
    Endian = lists:member(erlang:system_info(endian), [little, big]),
    Release = list_to_integer(erlang:system_info(otp_release)) >= 27,
    Handler = erlang:process_info(self(), error_handler),
    {Endian, Release, Handler}.
