%% zlib: round trips, OTP-compressed data (bytes written by OTP 25's zlib, decompressed here),
%% the stream API and OTP's errors. Compressed bytes are compared only where every deflater
%% agrees (stored and empty streams); elsewhere the test decompresses what was compressed.
-module(test_zlib).
-export([test_roundtrip/0, test_otp_data/0, test_stream/0, test_gzip/0, test_errors/0,
         test_owner/0, test_fixed_bytes/0]).
-include("etest.hrl").

corpus() ->
    [<<>>, <<"a">>, <<"hello hello hello hello">>, list_to_binary(lists:seq(0, 255)),
     binary:copy(<<"abcdefghij">>, 5000), ["io", [$d, "ata"], <<"list">>],
     << <<(X * 7919 rem 251)>> || X <- lists:seq(1, 70000) >>].

test_roundtrip() ->
    [begin
         B = iolist_to_binary(D),
         ?ASSERT_MATCH(B, zlib:uncompress(zlib:compress(D))),
         ?ASSERT_MATCH(B, zlib:unzip(zlib:zip(D))),
         ?ASSERT_MATCH(B, zlib:gunzip(zlib:gzip(D)))
     end || D <- corpus()],
    Big = binary:copy(<<"0123456789">>, 100000),
    ?ASSERT_TRUE(byte_size(zlib:compress(Big)) < 10000),
    ok.

%% Made by OTP 25: zlib:compress/zip/gzip of <<"The quick brown fox jumps over the lazy dog. ">> x 3.
otp_compressed() ->
    <<120,156,11,201,72,85,40,44,205,76,206,86,72,42,202,47,207,83,72,203,175,80,200,42,205,
      45,40,86,200,47,75,45,82,40,1,74,231,36,86,85,42,164,228,167,235,41,132,208,76,49,0,249,
      60,48,118>>.

test_otp_data() ->
    Text = binary:copy(<<"The quick brown fox jumps over the lazy dog. ">>, 3),
    ?ASSERT_MATCH(Text, zlib:uncompress(otp_compressed())),
    %% Trailing bytes after a zlib stream are ignored, as OTP does.
    ?ASSERT_MATCH(Text, zlib:uncompress(<<(otp_compressed())/binary, "junk">>)),
    Gz = <<31,139,8,0,0,0,0,0,0,3,75,76,2,0,109,72,131,158,2,0,0,0>>,
    ?ASSERT_MATCH(<<"ab">>, zlib:gunzip(Gz)),
    ?ASSERT_MATCH(<<"abab">>, zlib:gunzip(<<Gz/binary, Gz/binary>>)),
    ?ASSERT_MATCH(<<"ab">>, zlib:unzip(<<75,76,2,0>>)),
    ok.

%% Streams that every zlib writes identically: empty input, and stored blocks (level none).
test_fixed_bytes() ->
    %% The zlib header rates the level as zlib does.
    ?ASSERT_MATCH([<<120, 1>>, <<120, 94>>, <<120, 156>>, <<120, 218>>],
                  [binary:part(deflate_at(L), 0, 2) || L <- [1, 3, 6, 9]]),
    ?ASSERT_MATCH(<<120,156,3,0,0,0,0,1>>, zlib:compress(<<>>)),
    ?ASSERT_MATCH(<<31,139,8,0,0,0,0,0,0,3,3,0,0,0,0,0,0,0,0,0>>, zlib:gzip(<<>>)),
    ?ASSERT_MATCH(<<3,0>>, zlib:zip(<<>>)),
    ok.

deflate_at(Level) ->
    Z = zlib:open(),
    ok = zlib:deflateInit(Z, Level),
    B = iolist_to_binary(zlib:deflate(Z, <<"level">>, finish)),
    ok = zlib:deflateEnd(Z),
    zlib:close(Z),
    B.

test_stream() ->
    Z = zlib:open(),
    ?ASSERT_TRUE(is_reference(Z)),
    ok = zlib:deflateInit(Z, best_compression),
    A = zlib:deflate(Z, <<"first part, ">>),
    B = zlib:deflate(Z, ["second", <<" part">>], sync),
    C = zlib:deflate(Z, <<", last">>, finish),
    ok = zlib:deflateEnd(Z),
    Compressed = iolist_to_binary([A, B, C]),
    ok = zlib:inflateInit(Z),
    Out = zlib:inflate(Z, Compressed),
    ?ASSERT_MATCH(<<"first part, second part, last">>, iolist_to_binary(Out)),
    ok = zlib:inflateEnd(Z),
    %% Input fed a byte at a time.
    ok = zlib:inflateInit(Z),
    Pieces = [zlib:inflate(Z, <<Byte>>) || <<Byte>> <= Compressed],
    ?ASSERT_MATCH(<<"first part, second part, last">>, iolist_to_binary(Pieces)),
    ok = zlib:inflateEnd(Z),
    %% Raw deflate with a small window and a strategy; reset reuses the stream.
    ok = zlib:deflateInit(Z, 1, deflated, -9, 8, huffman_only),
    D1 = iolist_to_binary(zlib:deflate(Z, <<"aaaaabbbbb">>, finish)),
    ok = zlib:deflateReset(Z),
    D2 = iolist_to_binary(zlib:deflate(Z, <<"aaaaabbbbb">>, finish)),
    ?ASSERT_MATCH(D1, D2),
    ok = zlib:deflateEnd(Z),
    ?ASSERT_MATCH(<<"aaaaabbbbb">>, zlib:unzip(D1)),
    %% safeInflate.
    ok = zlib:inflateInit(Z),
    {finished, S} = zlib:safeInflate(Z, zlib:compress(<<"safe">>)),
    ?ASSERT_MATCH(<<"safe">>, iolist_to_binary(S)),
    ok = zlib:inflateEnd(Z),
    %% Window bits 32 + N detect zlib and gzip.
    ok = zlib:inflateInit(Z, 47),
    ?ASSERT_MATCH(<<"auto">>, iolist_to_binary(zlib:inflate(Z, zlib:gzip(<<"auto">>)))),
    ok = zlib:inflateEnd(Z),
    ok = zlib:inflateInit(Z, 47),
    ?ASSERT_MATCH(<<"auto">>, iolist_to_binary(zlib:inflate(Z, zlib:compress(<<"auto">>)))),
    ok = zlib:inflateEnd(Z),
    ok = zlib:close(Z),
    ok.

test_gzip() ->
    G = zlib:gzip(<<"gzip data">>),
    ?ASSERT_MATCH(<<31, 139, 8, 0, 0, 0, 0, 0, 0, 3>>, binary:part(G, 0, 10)),
    ?ASSERT_MATCH(<<(erlang:crc32(<<"gzip data">>)):32/little, 9:32/little>>,
                  binary:part(G, byte_size(G) - 8, 8)),
    %% A header with a file name.
    Named = <<31,139,8,8,0,0,0,0,0,3,$f,$.,$t,$x,$t,0, (binary:part(G, 10, byte_size(G) - 10))/binary>>,
    ?ASSERT_MATCH(<<"gzip data">>, zlib:gunzip(Named)),
    ok.

test_errors() ->
    ?ASSERT_EXCEPTION(zlib:uncompress(<<"junkjunk">>), error, data_error),
    C = zlib:compress(<<"hello hello hello">>),
    ?ASSERT_EXCEPTION(zlib:uncompress(binary:part(C, 0, 8)), error, data_error),
    G = zlib:gzip(<<"ab">>),
    ?ASSERT_EXCEPTION(zlib:gunzip(<<G/binary, "xx">>), error, data_error),
    BadCrc = <<(binary:part(G, 0, byte_size(G) - 8))/binary, 0:32, 2:32/little>>,
    ?ASSERT_EXCEPTION(zlib:gunzip(BadCrc), error, data_error),
    ?ASSERT_EXCEPTION(zlib:compress(foo), error, badarg),
    ?ASSERT_EXCEPTION(zlib:compress([256]), error, badarg),
    Z = zlib:open(),
    ?ASSERT_EXCEPTION(zlib:deflate(Z, "x"), error, not_initialized),
    ?ASSERT_EXCEPTION(zlib:inflate(Z, "x"), error, not_initialized),
    ok = zlib:deflateInit(Z),
    ?ASSERT_EXCEPTION(zlib:inflateInit(Z), error, already_initialized),
    _ = zlib:deflate(Z, "abc", finish),
    ?ASSERT_EXCEPTION(zlib:deflate(Z, "abc"), error, stream_error),
    %% The rejected input is still queued: ending the stream then is a data_error.
    ?ASSERT_EXCEPTION(zlib:deflateEnd(Z), error, data_error),
    ok = zlib:deflateInit(Z),
    _ = zlib:deflate(Z, "abc"),
    ?ASSERT_EXCEPTION(zlib:deflateEnd(Z), error, data_error),
    ok = zlib:inflateInit(Z),
    ?ASSERT_EXCEPTION(zlib:inflate(Z, <<"garbage!">>), error, data_error),
    ?ASSERT_EXCEPTION(zlib:inflateEnd(Z), error, data_error),
    ?ASSERT_EXCEPTION(zlib:deflateInit(Z, 10), error, bad_compression_level),
    ?ASSERT_EXCEPTION(zlib:deflateInit(Z, 1, deflated, 7, 8, default), error, bad_windowbits),
    ?ASSERT_EXCEPTION(zlib:deflateInit(Z, 1, deflated, 15, 10, default), error, bad_memlevel),
    ?ASSERT_EXCEPTION(zlib:deflateInit(Z, 1, deflated, 15, 8, foo), error,
                      bad_compression_strategy),
    ?ASSERT_EXCEPTION(zlib:deflateInit(Z, 1, foo, 15, 8, default), error,
                      bad_compression_method),
    ?ASSERT_EXCEPTION(zlib:inflateInit(Z, 15, foo), error, bad_eos_behavior),
    ok = zlib:deflateInit(Z, 1),
    ?ASSERT_EXCEPTION(zlib:deflate(Z, "x", sometimes), error, bad_flush_mode),
    ok = zlib:close(Z),
    ok.

test_owner() ->
    Z = zlib:open(),
    Self = self(),
    P = spawn(fun() ->
                  R = try zlib:deflateInit(Z) catch error:E -> E end,
                  Self ! {other, R},
                  receive go -> ok end,
                  ok = zlib:deflateInit(Z),
                  Self ! {owned, iolist_to_binary(zlib:deflate(Z, <<"moved">>, finish))}
              end),
    ?ASSERT_MATCH({other, not_on_controlling_process}, receive {other, _} = Msg -> Msg end),
    ok = zlib:set_controlling_process(Z, P),
    P ! go,
    Bin = receive {owned, B} -> B end,
    ?ASSERT_MATCH(<<"moved">>, zlib:uncompress(Bin)),
    ok.
