%% Purpose: a receive timeout must be infinity or an integer 0..2^32-1 ms; anything else (2^32, a bignum, a negative number, a float, an atom) raises timeout_value at once.
%% expect: [timeout_value,timeout_value,timeout_value,timeout_value,timeout_value,ok,ok]
-module(receive_timeout_value).
-export([start/0]).

start() ->
    [t(16#100000000), t(1 bsl 70), t(-1), t(foo), t(10.0), t(0), t(1)].

t(T) ->
    try receive after T -> ok end catch error:E -> E end.
