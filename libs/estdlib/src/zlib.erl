%% zlib: compression with OTP's API, on the VM's zlib natives (vm/src/natives/zlib.rs).
%% A stream is a reference owned by the opening process; the natives check the owner, keep the
%% state, and raise OTP's errors (not_initialized, stream_error, data_error, ...).
-module(zlib).

-export([open/0, close/1, set_controlling_process/2,
         deflateInit/1, deflateInit/2, deflateInit/6, deflate/2, deflate/3, deflateParams/3,
         deflateReset/1, deflateEnd/1,
         inflateInit/1, inflateInit/2, inflateInit/3, inflate/2, inflate/3, safeInflate/2,
         inflateReset/1, inflateEnd/1,
         setBufSize/2, getBufSize/1, crc32/1, crc32/2, crc32/3, adler32/2, adler32/3,
         crc32_combine/4, adler32_combine/4,
         compress/1, uncompress/1, zip/1, unzip/1, gzip/1, gunzip/1]).
-export([nif_open/0, nif_close/1, nif_set_owner/2, nif_deflate_init/6, nif_deflate/3,
         nif_deflate_params/3, nif_deflate_reset/1, nif_end/2, nif_inflate_init/3,
         nif_inflate/2, nif_inflate_reset/1]).

-define(MAX_WBITS, 15).

open() -> nif_open().

close(Z) -> nif_close(Z).

set_controlling_process(Z, Pid) -> nif_set_owner(Z, Pid).

deflateInit(Z) -> deflateInit(Z, default).

deflateInit(Z, Level) -> deflateInit(Z, Level, deflated, ?MAX_WBITS, 8, default).

deflateInit(Z, Level, Method, WindowBits, MemLevel, Strategy) ->
    nif_deflate_init(Z, level(Level), method(Method), deflate_bits(WindowBits),
                     mem_level(MemLevel), strategy(Strategy)).

deflate(Z, Data) -> deflate(Z, Data, none).

deflate(Z, Data, Flush) -> out(nif_deflate(Z, Data, flush(Flush))).

deflateParams(Z, Level, Strategy) -> nif_deflate_params(Z, level(Level), strategy(Strategy)).

deflateReset(Z) -> nif_deflate_reset(Z).

deflateEnd(Z) -> nif_end(Z, deflate).

inflateInit(Z) -> inflateInit(Z, ?MAX_WBITS).

inflateInit(Z, WindowBits) -> inflateInit(Z, WindowBits, cut).

inflateInit(Z, WindowBits, EoS) ->
    nif_inflate_init(Z, inflate_bits(WindowBits), eos(EoS)).

inflate(Z, Data) -> inflate(Z, Data, []).

inflate(Z, Data, Options) when is_list(Options) ->
    {_, Out} = nif_inflate(Z, Data),
    out(Out);
inflate(_, _, _) -> erlang:error(badarg).

%% All output for the input comes at once, so the stream is always finished with it.
safeInflate(Z, Data) ->
    {_, Out} = nif_inflate(Z, Data),
    {finished, out(Out)}.

inflateReset(Z) -> nif_inflate_reset(Z).

inflateEnd(Z) -> nif_end(Z, inflate).

%% Buffers are sized by the VM; kept for old callers.
setBufSize(_Z, Size) when is_integer(Size), Size >= 16 -> ok;
setBufSize(_, _) -> erlang:error(badarg).

getBufSize(_Z) -> 8192.

crc32(_Z) -> 0.
crc32(_Z, Data) -> erlang:crc32(Data).
crc32(_Z, Crc, Data) -> erlang:crc32(Crc, Data).
adler32(_Z, Data) -> erlang:adler32(Data).
adler32(_Z, Adler, Data) -> erlang:adler32(Adler, Data).
crc32_combine(_Z, A, B, Size) -> erlang:crc32_combine(A, B, Size).
adler32_combine(_Z, A, B, Size) -> erlang:adler32_combine(A, B, Size).

%% ---- one-shot forms ----

compress(Data) -> once_deflate(Data, ?MAX_WBITS).
zip(Data) -> once_deflate(Data, -?MAX_WBITS).
gzip(Data) -> once_deflate(Data, 16 + ?MAX_WBITS).

uncompress(Data) -> once_inflate(Data, ?MAX_WBITS, cut).
unzip(Data) -> once_inflate(Data, -?MAX_WBITS, cut).
gunzip(Data) -> once_inflate(Data, 16 + ?MAX_WBITS, reset).

once_deflate(Data, Bits) ->
    check_iodata(Data),
    Z = open(),
    try
        ok = deflateInit(Z, default, deflated, Bits, 8, default),
        Out = nif_deflate(Z, Data, 4),
        ok = deflateEnd(Z),
        Out
    after
        close(Z)
    end.

once_inflate(Data, Bits, EoS) ->
    check_iodata(Data),
    Z = open(),
    try
        ok = inflateInit(Z, Bits, EoS),
        {_, Out} = nif_inflate(Z, Data),
        ok = inflateEnd(Z),
        Out
    after
        close(Z)
    end.

check_iodata(Data) when is_binary(Data); is_list(Data) ->
    try iolist_size(Data) of
        _ -> ok
    catch
        error:badarg -> erlang:error(badarg)
    end;
check_iodata(_) -> erlang:error(badarg).

out(<<>>) -> [];
out(Bin) -> [Bin].

level(none) -> 0;
level(default) -> -1;
level(best_speed) -> 1;
level(best_compression) -> 9;
level(L) when is_integer(L), L >= 0, L =< 9 -> L;
level(_) -> erlang:error(bad_compression_level).

method(deflated) -> 8;
method(_) -> erlang:error(bad_compression_method).

%% zlib (8..15), raw deflate (-15..-8), gzip (16 + 8..15); inflate also takes 32 + 8..15
%% (zlib or gzip, detected).
deflate_bits(B) when is_integer(B), (B >= 8 andalso B =< 15); (B >= -15 andalso B =< -8);
                     (B >= 24 andalso B =< 31) -> B;
deflate_bits(_) -> erlang:error(bad_windowbits).

inflate_bits(B) when is_integer(B), B >= 40, B =< 47 -> B;
inflate_bits(B) -> deflate_bits(B).

mem_level(M) when is_integer(M), M >= 1, M =< 9 -> M;
mem_level(_) -> erlang:error(bad_memlevel).

strategy(default) -> 0;
strategy(filtered) -> 1;
strategy(huffman_only) -> 2;
strategy(rle) -> 3;
strategy(_) -> erlang:error(bad_compression_strategy).

flush(none) -> 0;
flush(sync) -> 2;
flush(full) -> 3;
flush(finish) -> 4;
flush(_) -> erlang:error(bad_flush_mode).

eos(cut) -> 0;
eos(reset) -> 1;
eos(_) -> erlang:error(bad_eos_behavior).

%% ---- natives (vm/src/natives/zlib.rs) ----

nif_open() -> erlang:nif_error(undef).
nif_close(_) -> erlang:nif_error(undef).
nif_set_owner(_, _) -> erlang:nif_error(undef).
nif_deflate_init(_, _, _, _, _, _) -> erlang:nif_error(undef).
nif_deflate(_, _, _) -> erlang:nif_error(undef).
nif_deflate_params(_, _, _) -> erlang:nif_error(undef).
nif_deflate_reset(_) -> erlang:nif_error(undef).
nif_end(_, _) -> erlang:nif_error(undef).
nif_inflate_init(_, _, _) -> erlang:nif_error(undef).
nif_inflate(_, _) -> erlang:nif_error(undef).
nif_inflate_reset(_) -> erlang:nif_error(undef).
