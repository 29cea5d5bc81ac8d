%% byte_size/1 and bit_size/1 of what is left to match. Since OTP 26 the compiler applies them to
%% the match context itself (`{gc_bif,byte_size,...,[{tr,{x,0},{t_bs_context,8}}],...}`), so this
%% program tests that path when compiled by OTP 27 or 29, and the plain one when compiled by 25.
%% expect: {{5,4},19,{<<"key">>,<<"value">>,5},[3,2,1,0],{2,12}}
-module(bin_match_state_size).
-export([start/0]).

start() ->
    {sizes(<<1, 2, 3, 4, 5>>), bits(<<1, 2, 3:4>>), split(<<"key=value">>, <<>>),
     countdown(<<1, 2, 3>>), guard(<<9, 8, 7:4>>)}.

sizes(<<_:8, Rest/binary>> = B) when byte_size(Rest) > 2 -> {byte_size(B), byte_size(Rest)};
sizes(_) -> small.

bits(<<_:1, Rest/bitstring>>) -> bit_size(Rest).

split(<<$=, V/binary>>, K) -> {K, V, byte_size(V)};
split(<<C, Rest/binary>>, K) -> split(Rest, <<K/binary, C>>).

countdown(<<_, Rest/binary>>) -> [byte_size(Rest) + 1 | countdown(Rest)];
countdown(<<>>) -> [0].

guard(<<_:8, Rest/bitstring>>) when bit_size(Rest) > 8 -> {byte_size(Rest), bit_size(Rest)}.
