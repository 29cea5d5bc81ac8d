%% The pre-OTP-25 construction instructions (bs_init2, bs_put_*, bs_append, bs_private_append), via the compiler's no_bs_create_bin option.
%% expect: {[<<18,3:4>>,<<35,1:4>>,<<221,14:4>>,<<1,2,1,35,35,1,0,0>>,<<5:3>>,<<4:3>>,<<128,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0:1>>,<<0,0,0,0,0,0,0,0,0,0,0,0,0,1,35>>],[<<63,248,0,0,0,0,0,0>>,<<0,0,192,63>>,<<62,0>>],[<<"Î´">>,<<180,3>>,<<0,0,3,180>>,<<"abcÎ´d">>],625448,<<170,21:5>>,<<16,48,32,96,48,144,64,192,80,240,97,32,113,80,129,128>>,{error,badarg},{error,badarg},{error,badarg},{error,badarg}}
%% not_compiled_by: otp29 (OTP 29 removed the no_bs_create_bin option)
-module(bin_old).
-compile([no_bs_create_bin, no_type_opt]).
-export([start/0]).

start() ->
    N = id(12), X = id(16#123), F = id(1.5), C = id(16#3B4),
    {[<<X:N>>, <<X:N/little>>, <<(-X):N/signed-little>>, <<1, 2, X:16, X:32/little>>, <<5:3>>, <<1:1, 0:2>>,
      <<(1 bsl 200):201>>, <<X:(N * 10)>>],
     [<<F/float>>, <<F:32/float-little>>, <<F:16/float>>],
     [<<C/utf8>>, <<C/utf16-little>>, <<C/utf32>>, <<"abc", C/utf8, "d">>],
     build(id(1000), <<>>), bits(id(13), <<>>), comp(seq(1, 8)),
     err(fun() -> <<(id(a)):8>> end), err(fun() -> <<(id(1)):(id(-1))>> end),
     err(fun() -> <<(id(16#D800))/utf8>> end), err(fun() -> Acc = id(<<1:3>>), <<Acc/binary, 1>> end)}.

id(X) -> X.

build(0, Acc) -> sum(Acc, 0);
build(K, Acc) -> build(K - 1, <<Acc/binary, (K rem 256):8, K:16/little>>).

sum(<<A, B:16/little, R/binary>>, S) -> sum(R, S + A + B);
sum(<<>>, S) -> S.

bits(0, Acc) -> Acc;
bits(K, Acc) -> bits(K - 1, <<Acc/bits, (K band 1):1>>).

comp(L) -> << <<X:4, (X * 3):12/little>> || X <- L >>.

seq(A, B) when A > B -> [];
seq(A, B) -> [A | seq(A + 1, B)].

err(Fun) ->
    try Fun() of
        V -> {ok, V}
    catch
        Class:Reason -> {Class, Reason}
    end.
