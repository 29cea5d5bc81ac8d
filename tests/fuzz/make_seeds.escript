#!/usr/bin/env escript
%% Writes the seed corpora of the fuzz targets (see docs/building.md, "Fuzzing"):
%% - binary_to_term: term_to_binary output from OTP for many term kinds, plain, compressed and
%%   with minor version 0, plus a few malformed inputs (named bad_*, which must be refused);
%% - load_beam: a few small test programs compiled by erlc (one with uncompressed literals, as
%%   packbeam may write them, one stripped);
%% - load_avm: bundles of those modules.
%% Files carry no .beam/.avm suffix (the repository ignores *.beam). Run from the repository root:
%%   escript tests/fuzz/make_seeds.escript
%% (Existing seeds are overwritten; files found by the fuzzer are left alone.)
-mode(compile).

main(_) ->
    funs("tests/fuzz"),
    terms("tests/fuzz/binary_to_term"),
    Beams = beams("tests/fuzz/load_beam"),
    avms("tests/fuzz/load_avm", Beams).

%% Module fuzz_funs, which the fuzz targets and the corpus test load first so that funs decode:
%% its .beam goes to the load_beam corpus, funs made by it to the binary_to_term corpus.
funs(Dir) ->
    Src = "-module(fuzz_funs).\n-export([f/0, g/2, h/0]).\n"
          "f() -> fun(X) -> X + 1 end.\n"
          "g(A, B) -> fun(X, Y) -> {A, B, X, Y} end.\n"
          "h() -> fun ?MODULE:g/2.\n",
    Path = filename:join(Dir, "fuzz_funs.erl"),
    ok = file:write_file(Path, Src),
    {ok, fuzz_funs, Beam} = compile:file(Path, [binary, report]),
    ok = file:delete(Path),
    {module, fuzz_funs} = code:load_binary(fuzz_funs, Path, Beam),
    write(Dir ++ "/load_beam", fuzz_funs, Beam),
    B = Dir ++ "/binary_to_term",
    ok = filelib:ensure_dir(B ++ "/x"),
    write(B, fun_no_free, term_to_binary(fuzz_funs:f())),
    write(B, fun_free, term_to_binary(fuzz_funs:g(1.5, [x, <<"y">>]))),
    write(B, fun_in_map, term_to_binary(#{k => fuzz_funs:g(self(), #{}), e => fuzz_funs:h()})),
    %% The same fun naming a module that does not exist: refused.
    write(B, bad_fun_unloaded, binary:replace(term_to_binary(fuzz_funs:g(1, 2)), <<"fuzz_funs">>,
                                          <<"fuzz_nope">>)).

terms(Dir) ->
    ok = filelib:ensure_dir(Dir ++ "/x"),
    Big = 1 bsl 100,
    Bits = <<1:3>>,
    <<_:5, Sub:17/bitstring, _/bitstring>> = <<"abcdefghij">>,
    LongBin = list_to_binary(lists:duplicate(100, $z)),
    BigMap = maps:from_list([{I, I * I} || I <- lists:seq(1, 40)]),
    Terms = [
        {small_int, 42}, {zero, 0}, {neg_int, -5}, {int_255, 255}, {int_256, 256},
        {int_2_27, 1 bsl 27}, {int_2_31_m1, (1 bsl 31) - 1}, {int_min32, -(1 bsl 31)},
        {int_2_59, 1 bsl 59}, {int_2_60, 1 bsl 60}, {int_2_63, 1 bsl 63}, {int_2_64, 1 bsl 64},
        {big_pos, Big}, {big_neg, -Big}, {big_huge, 1 bsl 2100}, {big_neg_64, -(1 bsl 64)},
        {float, 3.14}, {float_neg_zero, -0.0}, {float_tiny, 5.0e-324}, {float_max, 1.7976931348623157e308},
        {atom, hello}, {atom_empty, ''}, {atom_quoted, 'Hello World'},
        {atom_latin1, 'caf\x{e9}'}, {atom_utf8, list_to_atom([16#3bb, 16#1F600])},
        {atom_long, list_to_atom(lists:duplicate(255, $a))},
        {bool, true}, {nil, []}, {string, "hello"}, {string_latin1, [233, 0, 255]},
        {list_ints, [1, 1000, -1]}, {list_improper, [a | b]}, {list_nested, [[1], [[2]], []]},
        {list_long_string, lists:seq(0, 255)},
        {tuple_empty, {}}, {tuple, {a, 1, "x"}}, {tuple_large, list_to_tuple(lists:seq(1, 300))},
        {tuple_nested, {{{{{deep}}}}}},
        {binary_empty, <<>>}, {binary, <<"abc">>}, {binary_long, LongBin},
        {bitstring, Bits}, {bitstring_sub, Sub}, {bitstring_7, <<255, 1:7>>},
        {map_empty, #{}}, {map, #{a => 1, b => [2]}}, {map_mixed_keys, #{1 => a, 1.0 => b, "k" => c, {t} => d}},
        {map_nested, #{m => #{n => #{}}}}, {map_large, BigMap},
        {fun_export, fun lists:map/2}, {fun_export_bif, fun erlang:self/0},
        {pid, self()}, {port, hd(erlang:ports())},
        {ref, binary_to_term(<<131, 90, 3:16, 119, 13, "nonode@nohost", 0:32, 1:32, 2:32, 0:32>>)},
        {ext_ref, binary_to_term(<<131, 90, 2:16, 119, 8, "a@b.host", 7:32, 1:32, 2:32>>)},
        {ext_pid, binary_to_term(<<131, 88, 100, 0, 8, "a@b.host", 0:32, 1:32, 0:32>>)},
        {mixed, [{1, <<"x">>, #{k => [v]}, 2.5, Big, self()}]}
    ],
    lists:foreach(
        fun({Name, T}) ->
            write(Dir, Name, term_to_binary(T)),
            write(Dir, atom_to_list(Name) ++ "-z", term_to_binary(T, [compressed])),
            write(Dir, atom_to_list(Name) ++ "-v0", term_to_binary(T, [{minor_version, 0}]))
        end,
        Terms),
    %% A bigger term that compression shrinks, and a few deliberately bad inputs.
    write(Dir, compressed_list, term_to_binary(lists:duplicate(200, abc), [compressed])),
    write(Dir, bad_empty, <<>>),
    write(Dir, bad_version, <<130, 97, 1>>),
    write(Dir, bad_truncated_tuple, <<131, 104, 3, 97, 1>>),
    write(Dir, bad_dup_map_key, <<131, 116, 2:32, 97, 1, 97, 2, 97, 1, 97, 3>>),
    write(Dir, bad_compressed_size, <<131, 80, 255:32, 120, 156, 203, 0, 0, 0, 108, 0, 108>>),
    write(Dir, trailing_bytes, <<(term_to_binary(ok))/binary, "rest">>),
    ok.

-define(MODULES, [hello, case_expr, records_basic, floats_simple, maps_match, funs_closures,
                  exc_try_order, bin_match, proc_messages, select_ints]).

beams(Dir) ->
    ok = filelib:ensure_dir(Dir ++ "/x"),
    Beams = [{M, compile_module(M)} || M <- ?MODULES],
    [write(Dir, M, B) || {M, B} <- Beams],
    {hello, Hello} = lists:keyfind(hello, 1, Beams),
    {ok, {_, Stripped}} = beam_lib:strip(Hello),
    write(Dir, "hello-stripped", zlib:gunzip(Stripped)),  % strip gzips its output
    {maps_match, Maps} = lists:keyfind(maps_match, 1, Beams),
    write(Dir, "maps_match-litu", lit_uncompressed(Maps)),
    Beams.

compile_module(hello) ->
    compile_file("examples/hello.erl");
compile_module(M) ->
    compile_file("tests/erlang/" ++ atom_to_list(M) ++ ".erl").

compile_file(Path) ->
    {ok, _, Bin} = compile:file(Path, [binary, report]),
    Bin.

%% The same module with its literal table stored uncompressed (LitU), as packbeam may.
lit_uncompressed(Beam) ->
    {ok, _, Chunks} = beam_lib:all_chunks(Beam),
    Chunks2 = [case C of
                   {"LitT", <<_Size:32, Z/binary>>} -> {"LitU", zlib:uncompress(Z)};
                   _ -> C
               end || C <- Chunks],
    {ok, Bin} = beam_lib:build_module(Chunks2),
    Bin.

avms(Dir, Beams) ->
    ok = filelib:ensure_dir(Dir ++ "/x"),
    Get = fun(M) -> {M, B} = lists:keyfind(M, 1, Beams), B end,
    write(Dir, hello, avm([{"hello.beam", 3, Get(hello)}])),
    write(Dir, two_modules_and_data,
          avm([{"hello.beam", 3, Get(hello)}, {"case_expr.beam", 2, Get(case_expr)},
               {"app/priv/data.txt", 4, <<"some data">>}])),
    write(Dir, empty, avm([])).

%% An AtomVM bundle: header, sections (size, flags, 0, name NUL padded to 4, payload padded to 4;
%% a data payload is prefixed by its length), end marker.
avm(Sections) ->
    Body = [section(Name, Flags, Data) || {Name, Flags, Data} <- Sections],
    iolist_to_binary([<<"#!/usr/bin/env AtomVM\n", 0, 0>>, Body, <<0:32, 0:32, 0:32, "end", 0>>]).

section(Name, Flags, Data) ->
    N = pad(<<(list_to_binary(Name))/binary, 0>>),
    Payload = pad(case Flags band 2 of
                      0 -> <<(byte_size(Data)):32, Data/binary>>;
                      _ -> Data
                  end),
    <<(12 + byte_size(N) + byte_size(Payload)):32, Flags:32, 0:32, N/binary, Payload/binary>>.

pad(B) -> <<B/binary, 0:(((4 - byte_size(B) rem 4) rem 4) * 8)>>.

%% Same bytes as an earlier file (e.g. compression not worth it): skip.
write(Dir, Name, Bin) ->
    Seen = case get(seen) of undefined -> #{}; S -> S end,
    case Seen of
        #{Bin := _} -> ok;
        _ ->
            put(seen, Seen#{Bin => true}),
            ok = file:write_file(filename:join(Dir, to_list(Name)), Bin)
    end.

to_list(A) when is_atom(A) -> atom_to_list(A);
to_list(L) -> L.
