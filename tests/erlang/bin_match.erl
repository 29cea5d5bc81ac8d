%% Bit syntax matching: function heads with tails, sizes from variables, floats, utf, big integers, a TLV parser.
%% expect: {{171,205,9,4125},{2748,464,32,3,0,5,11,461,48357625229935621},{1.5,2.5,-0.25,7.0,no_float},{[97,948,8364,128512,122],[97,948,8364,128512,122],[97,948,8364,128512,122],{bad,<<192,128>>},{bad,<<237,160,128>>}},{true,false,3,4722366482869645213695,-1},[{1,<<"abc">>},{2,<<>>},{7,<<1,255>>}],{<<"hello">>,<<"world">>,<<67,43,99,99,121,3,187,123,147,99,4:5>>,<<104,1:2>>,<<149,177,177,188,129,221,189,201,177,36:6>>},{get,<<"/index.html">>},[1,0,1,1,0],[{one,5},{one_rest,<<"\t">>},{two,7},other,other],[binary,bitstring,binary,bitstring,neither],[none,{ok,258},none,short,<<"abcde">>]}
-module(bin_match).
-export([start/0]).

start() ->
    Bin = id(<<16#AB, 16#CD, 1, 2, 3, 4, 5, 6, 7, 8, 9>>),
    {heads(Bin), ints(Bin, id(12)), floats(), utf(id(<<"aδ€😀z"/utf8>>)), bigs(id(200)),
     tlv(id(<<1, 3, "abc", 2, 0, 7, 2, 1, 16#FF>>)), tails(), strings(id(<<"GET /index.html HTTP/1.1">>)),
     bitwalk(id(<<2#10110:5>>)), positions(id(<<1, 2, 3>>)), guards(), misses()}.

id(X) -> X.

heads(<<A, B:8, Rest/binary>>) -> {A, B, count(Rest, 0), sum(Rest, 0)}.

count(<<_, R/binary>>, N) -> count(R, N + 1);
count(<<>>, N) -> N.

sum(<<X:16, R/binary>>, S) -> sum(R, S + X);
sum(<<X:8>>, S) -> S + X;
sum(<<>>, S) -> S.

ints(Bin, N) ->
    <<A:N, B:N/little, C:N/signed, D:4, E:4/signed, _/bits>> = Bin,
    <<F:3, G:5/little-signed, H:16/native, _/bits>> = Bin,
    <<I:7/unit:8, _/binary>> = Bin,
    {A, B, C, D, E, F, G, H, I}.

floats() ->
    B = <<1.5/float, 2.5:32/float, -0.25:16/float, 7.0:64/float-little, 1:1>>,
    <<X/float, Y:32/float, Z:16/float, W:64/float-little, _:1>> = B,
    Inf = <<16#7FF0000000000000:64>>,
    NotFloat = case Inf of <<V/float>> -> V; _ -> no_float end,
    {X, Y, Z, W, NotFloat}.

utf(Bin) ->
    Cps = utf8_list(Bin),
    U16 = << <<C/utf16>> || C <- Cps >>,
    U32L = << <<C/utf32-little>> || C <- Cps >>,
    {Cps, utf16_list(U16), utf32l_list(U32L), utf8_list(<<16#C0, 16#80>>), utf8_list(<<16#ED, 16#A0, 16#80>>)}.

utf8_list(<<C/utf8, R/binary>>) -> [C | utf8_list(R)];
utf8_list(<<>>) -> [];
utf8_list(Bad) -> {bad, Bad}.

utf16_list(<<C/utf16, R/binary>>) -> [C | utf16_list(R)];
utf16_list(<<>>) -> [].

utf32l_list(<<C/utf32-little, R/binary>>) -> [C | utf32l_list(R)];
utf32l_list(<<>>) -> [].

bigs(N) ->
    X = (1 bsl N) + 12345,
    B = <<X:N/unit:2, (-X):(N + 1)/little-signed, 3:3>>,
    <<Y:N/unit:2, Z:(N + 1)/little-signed, T:3>> = B,
    <<Big:72, _/binary>> = <<-1:80>>,
    <<SBig:72/signed, _/bits>> = <<-1:80>>,
    {Y =:= X, Z =:= -X, T, Big, SBig}.

tlv(<<Type, Len, Value:Len/binary, Rest/binary>>) -> [{Type, Value} | tlv(Rest)];
tlv(<<>>) -> [];
tlv(Bad) -> {truncated, Bad}.

tails() ->
    B = <<"hello world">>,
    <<H:5/binary, " ", W/binary>> = B,
    <<_:3, Odd/bits>> = B,
    <<Bits:10/bits, More/bitstring>> = B,
    {H, W, Odd, Bits, More}.

strings(<<"GET ", Rest/binary>>) -> {get, path(Rest, <<>>)};
strings(<<"POST ", _/binary>>) -> post.

path(<<" ", _/binary>>, Acc) -> Acc;
path(<<C, R/binary>>, Acc) -> path(R, <<Acc/binary, C>>).

bitwalk(<<B:1, R/bits>>) -> [B | bitwalk(R)];
bitwalk(<<>>) -> [].

positions(B) ->
    F = fun(<<1, X, Y>>) -> {one, X + Y};
           (<<1, X/binary>>) -> {one_rest, X};
           (<<_, 2, Z>>) -> {two, Z};
           (_) -> other
        end,
    [F(B), F(<<1, 9>>), F(<<5, 2, 7>>), F(<<5, 3, 7>>), F(not_a_binary)].

guards() ->
    G = fun(X) when is_binary(X) -> binary;
           (X) when is_bitstring(X) -> bitstring;
           (_) -> neither
        end,
    [G(<<1, 2>>), G(<<1:9>>), G(<<>>), G(<<1:1>>), G(foo)].

misses() ->
    M = fun(<<X:16, _/binary>>) -> {ok, X};
           (<<X:3/binary>>) -> {three, X};
           (_) -> none
        end,
    S = 5,
    N = fun(<<Y:S/binary, _/binary>>) -> Y; (_) -> short end,
    [M(<<1>>), M(<<1, 2>>), M(<<1:15>>), N(<<"abcd">>), N(<<"abcdef">>)].
