%% Binary processing programs: base64 round trip, hex encoding, splitting on a separator, integer parsing, a packet header codec.
%% expect: {<<"TWFueSBoYW5kcyBtYWtlIGxpZ2h0IHdvcmsu">>,true,<<"YWI=">>,<<"YQ==">>,<<"01abff10">>,[<<"12">>,<<"345">>,<<"-6">>,<<"7890">>,<<>>,<<"42">>],[12,345,-6,7890,42],<<49,239,190,0,7,112,97,121,108,111,97,100,234>>,{ok,3,1,48879,<<"payload">>},malformed,<<128,13>>,[{97,3},{98,1},{99,2},{100,4}]}
-module(bin_parse).
-export([start/0]).

start() ->
    Text = id(<<"Many hands make light work.">>),
    B64 = b64enc(Text, <<>>),
    Csv = id(<<"12,345,-6,7890,,42">>),
    Pkt = encode_packet({3, 1, 16#BEEF, <<"payload">>}),
    {B64, b64dec(B64, <<>>) =:= Text, b64enc(<<"ab">>, <<>>), b64enc(<<"a">>, <<>>),
     hex(id(<<1, 171, 255, 16>>), <<>>), split(Csv, $,, <<>>, []),
     [to_int(F) || F <- split(Csv, $,, <<>>, []), F =/= <<>>],
     Pkt, decode_packet(Pkt), decode_packet(<<Pkt/binary, 0>>),
     bit_reverse(id(<<2#10110000, 2#00000001>>), <<>>), runs(id(<<"aaabccdddd">>))}.

id(X) -> X.

b64enc(<<A:6, B:6, C:6, D:6, Rest/binary>>, Acc) ->
    b64enc(Rest, <<Acc/binary, (b64c(A)), (b64c(B)), (b64c(C)), (b64c(D))>>);
b64enc(<<A:6, B:6, C:4>>, Acc) ->
    <<Acc/binary, (b64c(A)), (b64c(B)), (b64c(C bsl 2)), $=>>;
b64enc(<<A:6, B:2>>, Acc) ->
    <<Acc/binary, (b64c(A)), (b64c(B bsl 4)), $=, $=>>;
b64enc(<<>>, Acc) -> Acc.

b64c(N) when N < 26 -> $A + N;
b64c(N) when N < 52 -> $a + N - 26;
b64c(N) when N < 62 -> $0 + N - 52;
b64c(62) -> $+;
b64c(63) -> $/.

b64v(C) when C >= $A, C =< $Z -> C - $A;
b64v(C) when C >= $a, C =< $z -> C - $a + 26;
b64v(C) when C >= $0, C =< $9 -> C - $0 + 52;
b64v($+) -> 62;
b64v($/) -> 63.

b64dec(<<A, B, $=, $=>>, Acc) ->
    <<X:8, _:4>> = <<(b64v(A)):6, (b64v(B)):6>>,
    <<Acc/binary, X>>;
b64dec(<<A, B, C, $=>>, Acc) ->
    <<X:16, _:2>> = <<(b64v(A)):6, (b64v(B)):6, (b64v(C)):6>>,
    <<Acc/binary, X:16>>;
b64dec(<<A, B, C, D, Rest/binary>>, Acc) ->
    b64dec(Rest, <<Acc/binary, (b64v(A)):6, (b64v(B)):6, (b64v(C)):6, (b64v(D)):6>>);
b64dec(<<>>, Acc) -> Acc.

hex(<<H:4, L:4, Rest/binary>>, Acc) -> hex(Rest, <<Acc/binary, (hexd(H)), (hexd(L))>>);
hex(<<>>, Acc) -> Acc.

hexd(N) when N < 10 -> $0 + N;
hexd(N) -> $a + N - 10.

split(<<C, Rest/binary>>, C, Field, Acc) -> split(Rest, C, <<>>, [Field | Acc]);
split(<<X, Rest/binary>>, C, Field, Acc) -> split(Rest, C, <<Field/binary, X>>, Acc);
split(<<>>, _, Field, Acc) -> lists:reverse([Field | Acc], []).

to_int(<<$-, Rest/binary>>) -> -to_int(Rest, 0);
to_int(B) -> to_int(B, 0).
to_int(<<D, Rest/binary>>, N) when D >= $0, D =< $9 -> to_int(Rest, N * 10 + D - $0);
to_int(<<>>, N) -> N.

encode_packet({Version, Flags, Id, Payload}) ->
    Len = size_of(Payload, 0),
    <<Version:4, Flags:4, Id:16/little, Len:16, Payload/binary, (checksum(Payload, 0)):8>>.

decode_packet(<<Version:4, Flags:4, Id:16/little, Len:16, Payload:Len/binary, Sum:8>>) ->
    case checksum(Payload, 0) of
        Sum -> {ok, Version, Flags, Id, Payload};
        _ -> bad_checksum
    end;
decode_packet(_) -> malformed.

size_of(<<_, R/binary>>, N) -> size_of(R, N + 1);
size_of(<<>>, N) -> N.

checksum(<<X, R/binary>>, S) -> checksum(R, (S + X) band 255);
checksum(<<>>, S) -> S.

bit_reverse(<<B:1, Rest/bits>>, Acc) -> bit_reverse(Rest, <<B:1, Acc/bits>>);
bit_reverse(<<>>, Acc) -> Acc.

runs(<<C, Rest/binary>>) -> runs(Rest, C, 1, []);
runs(<<>>) -> [].
runs(<<C, Rest/binary>>, C, N, Acc) -> runs(Rest, C, N + 1, Acc);
runs(<<D, Rest/binary>>, C, N, Acc) -> runs(Rest, D, 1, [{C, N} | Acc]);
runs(<<>>, C, N, Acc) -> lists:reverse([{C, N} | Acc], []).
