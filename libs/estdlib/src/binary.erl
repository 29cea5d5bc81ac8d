%% binary: the functions written in Erlang. Everything else in OTP's `binary` module (match,
%% split, replace, part, ...) is native in the VM, which takes precedence over this module.
-module(binary).
-export([encode_hex/1, encode_hex/2, decode_hex/1, join/2]).

%% OTP 28: the binaries with Separator between them.
join([], Sep) when is_binary(Sep) -> <<>>;
join([First | Rest] = Parts, Sep) when is_binary(Sep), is_binary(First) ->
    case lists:all(fun is_binary/1, Rest) of
        true -> iolist_to_binary([First | [[Sep, P] || P <- Rest]]);
        false -> erlang:error(badarg, [Parts, Sep])
    end;
join(Parts, Sep) -> erlang:error(badarg, [Parts, Sep]).

%% Hexadecimal text of the bytes, upper case (as OTP) unless `lowercase` is asked for.
encode_hex(Bin) when is_binary(Bin) -> encode_hex(Bin, uppercase);
encode_hex(Bin) -> erlang:error(badarg, [Bin]).

encode_hex(Bin, Case) when is_binary(Bin), (Case =:= uppercase orelse Case =:= lowercase) ->
    << <<(digit(N bsr 4, Case)), (digit(N band 15, Case))>> || <<N>> <= Bin >>;
encode_hex(Bin, Case) -> erlang:error(badarg, [Bin, Case]).

digit(D, _) when D < 10 -> $0 + D;
digit(D, uppercase) -> $A + D - 10;
digit(D, lowercase) -> $a + D - 10.

%% The bytes an even-length hexadecimal binary (either case) spells.
decode_hex(Hex) when is_binary(Hex), byte_size(Hex) rem 2 =:= 0 ->
    try << <<(value(H) * 16 + value(L))>> || <<H, L>> <= Hex >>
    catch error:badarg -> erlang:error(badarg, [Hex])
    end;
decode_hex(Hex) -> erlang:error(badarg, [Hex]).

value(C) when C >= $0, C =< $9 -> C - $0;
value(C) when C >= $a, C =< $f -> C - $a + 10;
value(C) when C >= $A, C =< $F -> C - $A + 10;
value(_) -> erlang:error(badarg).
