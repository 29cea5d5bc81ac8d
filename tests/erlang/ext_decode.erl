%% Purpose: binary_to_term/1,2 round trips every term type, reads the old and alternative encodings, honours used and safe, and gives badarg on corrupt or truncated input.
-module(ext_decode).
-export([start/0]).
%% expect: {[true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true],[abc,ä,ÿä,'\x{3B4}',1.5,-0.0025,{1,[]},-7,0,9223372036854775808,-1,1,<<"È">>,<<1,3:2>>,#{1 => 4,2 => 3},fun erlang:abs/1,[]],[{5,3},{"hi",6},{[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0],20},5],[badarg,{ok,ok},{ok,fun erlang:abs/1}],[badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,{ok,fun a:b/1},{ok,fun a:b/256},badarg,badarg,badarg,badarg,badarg],[badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg,badarg],[badarg,badarg,badarg,badarg,badarg]}

start() ->
    <<_:5, Odd/bitstring>> = <<"odd bits here">>,
    Terms = [0, 255, -1, 1 bsl 40, -(1 bsl 70), 1 bsl 3000, 1.5, -0.0, 1.0e-310, a, 'ä', 'δ',
             [], "text", [1, [2], {3}], [a | b], {}, {a, {b, <<1, 2>>}}, <<>>, <<"bin">>,
             <<5:3>>, Odd, #{}, #{a => 1, 2 => [x], <<"k">> => #{}}, fun erlang:abs/1,
             dup(300, {x, 1.5})],
    Opts = [[], [{minor_version, 0}], [{minor_version, 1}], [{minor_version, 2}],
            [compressed], [{compressed, 9}]],
    RoundTrip = [T =:= binary_to_term(term_to_binary(T, O)) || T <- Terms, O <- Opts],
    Old = [binary_to_term(B) || B <- old_encodings()],
    Used = [binary_to_term(<<131, 97, 5, 1, 2, 3>>, [used]),
            binary_to_term(<<131, 107, 0, 2, 104, 105, 0>>, [used, safe]),
            %% OTP's compressed dup(50, 0), then bytes that are not part of it.
            binary_to_term(<<131, 80, 0, 0, 0, 53, 120, 156, 203, 102, 48, 98, 32, 25, 0, 0, 32,
                             82, 0, 158, 1, 2, 3>>, [used]),
            binary_to_term(<<131, 97, 5, 1, 2, 3>>)],
    %% 'ext_decode_fresh_atom_7' written as bytes, so the atom exists nowhere.
    Fresh = <<131, 119, 23, "ext_decode_fresh_atom_7">>,
    Safe = [catch_badarg(fun() -> binary_to_term(Fresh, [safe]) end),
            catch_badarg(fun() -> binary_to_term(<<131, 119, 2, "ok">>, [safe]) end),
            catch_badarg(fun() -> binary_to_term(<<131, 113, 119, 6, "erlang", 119, 3, "abs",
                                                   97, 1>>, [safe]) end)],
    Corrupt = [catch_badarg(fun() -> binary_to_term(B) end) || B <- corrupt()],
    Whole = term_to_binary({[1, 2.5, <<"xy">>, #{k => v}], "str", -(1 bsl 80)},
                           [{minor_version, 2}]),
    Prefixes = [catch_badarg(fun() -> binary_to_term(P) end) || P <- prefixes(Whole)],
    BadArgs = [catch_badarg(F) || F <- [fun() -> binary_to_term(not_a_binary) end,
                                        fun() -> binary_to_term(<<131, 106, 0:3>>) end,
                                        fun() -> binary_to_term(<<131, 106>>, [foo]) end,
                                        fun() -> binary_to_term(<<131, 106>>, [safe | x]) end,
                                        fun() -> binary_to_term(<<131, 106>>, x) end]],
    {RoundTrip, Old, Used, Safe, Corrupt, Prefixes, BadArgs}.

old_encodings() ->
    [<<131, 100, 0, 3, "abc">>,                       % ATOM_EXT
     <<131, 115, 1, 228>>,                            % SMALL_ATOM_EXT, Latin-1
     <<131, 100, 0, 2, 255, 228>>,                    % ATOM_EXT, Latin-1 bytes
     <<131, 118, 0, 2, 206, 180>>,                    % ATOM_UTF8_EXT
     <<131, 99, "1.50000000000000000000e+00", 0, 0, 0, 0, 0>>,   % FLOAT_EXT
     <<131, 99, "-2.5e-3", 0:(24 * 8)>>,              % FLOAT_EXT, short text
     <<131, 105, 0, 0, 0, 2, 97, 1, 106>>,            % LARGE_TUPLE_EXT
     <<131, 111, 0, 0, 0, 1, 1, 7>>,                  % LARGE_BIG_EXT that is small
     <<131, 110, 2, 0, 0, 0>>,                        % SMALL_BIG_EXT zero
     <<131, 110, 8, 0, 0, 0, 0, 0, 0, 0, 0, 128>>,    % 2^63
     <<131, 98, 255, 255, 255, 255>>,                 % INTEGER_EXT -1
     <<131, 108, 0, 0, 0, 0, 97, 1>>,                 % LIST_EXT of length 0: just the tail
     <<131, 77, 0, 0, 0, 1, 8, 200>>,                 % BIT_BINARY_EXT with 8 bits: a binary
     <<131, 77, 0, 0, 0, 2, 2, 1, 255>>,              % unused bits are dropped
     <<131, 116, 0, 0, 0, 2, 97, 2, 97, 3, 97, 1, 97, 4>>,   % MAP_EXT in any key order
     <<131, 113, 100, 0, 6, "erlang", 100, 0, 3, "abs", 97, 1>>,   % EXPORT_EXT, ATOM_EXT
     <<131, 107, 0, 0>>].                             % empty STRING_EXT

corrupt() ->
    [<<>>, <<131>>, <<130, 106>>, <<131, 200>>, <<131, 97>>,
     <<131, 98, 0, 0, 0>>,
     <<131, 104, 2, 97, 1>>,                          % tuple missing an element
     <<131, 105, 255, 255, 255, 255, 106>>,           % lying tuple size
     <<131, 108, 255, 255, 255, 255, 106>>,           % lying list length
     <<131, 109, 255, 255, 255, 255, 1>>,             % lying binary length
     <<131, 107, 0, 9, 1, 2>>,                        % short string
     <<131, 116, 127, 255, 255, 255, 106>>,           % lying map size
     <<131, 116, 0, 0, 0, 2, 97, 1, 97, 1, 97, 1, 97, 2>>,   % duplicate map key
     <<131, 77, 0, 0, 0, 1, 0, 1>>,                   % bit count 0
     <<131, 77, 0, 0, 0, 1, 9, 1>>,                   % bit count 9
     <<131, 77, 0, 0, 0, 0, 3>>,                      % bits in an empty bit binary
     <<131, 70, 127, 240, 0, 0, 0, 0, 0, 0>>,         % infinity
     <<131, 70, 127, 248, 0, 0, 0, 0, 0, 1>>,         % NaN
     <<131, 99, "not a float", 0:(20 * 8)>>,
     <<131, 119, 2, 255, 254>>,                       % not UTF-8
     <<131, 118, 1, 0, (dupbin(256, $a))/binary>>,    % 256 characters
     <<131, 110, 255, 0, 1>>,                         % short bignum
     <<131, 111, 255, 255, 255, 255, 0, 1>>,          % lying bignum length
     <<131, 113, 97, 1, 100, 0, 1, 97, 97, 1>>,       % export with a non-atom module
     <<131, 113, 100, 0, 1, 97, 100, 0, 1, 98, 98, 0, 0, 0, 1>>,   % arity as INTEGER_EXT: fine
     <<131, 113, 100, 0, 1, 97, 100, 0, 1, 98, 98, 0, 0, 1, 0>>,   % arity 256
     <<131, 80, 0, 0, 0, 10, 1, 2, 3>>,               % bad zlib data
     <<131, 80, 0, 0, 0, 9, 120, 156, 203, 102, 16, 97, 192, 2, 0, 11, 88, 0, 128>>,   % wrong size
     <<131, 82, 0>>,                                  % atom cache reference
     <<131, 117, 0, 0, 0, 0>>,                        % old FUN_EXT
     <<131, 88, 97, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0>>].   % pid node not an atom

prefixes(B) -> prefixes(B, 0, []).
prefixes(B, N, Acc) ->
    case B of
        <<P:N/binary, _, _/binary>> -> prefixes(B, N + 1, [P | Acc]);
        _ -> Acc
    end.

catch_badarg(F) ->
    try F() of
        V -> {ok, V}
    catch
        error:badarg -> badarg
    end.

dup(0, _) -> [];
dup(N, X) -> [X | dup(N - 1, X)].

dupbin(0, _) -> <<>>;
dupbin(N, C) -> <<C, (dupbin(N - 1, C))/binary>>.
