%% Purpose: OTP 27 syntax and attributes compile and run: sigils, triple-quoted strings, maybe/else, -doc and -moduledoc, deterministic builds.
%% not_compiled_by: otp25 (sigils, triple-quoted strings and default-enabled maybe are OTP 27 syntax)
%% expect: {[{ok,<<"a">>,<<"1">>},{error,no_equals},{error,empty_key}],"first line\n  indented \"quoted\"\nlast",<<"plain">>,<<"bin\tesc">>,<<"raw\\t">>,"list","raw\\n",<<"Ã©">>,<<"sigil\nblock">>}
-module(otp27_syntax).
-moduledoc "Exercises OTP 27 syntax.".
-compile([deterministic]).
-export([start/0]).

-doc "Parses a key=value pair, with maybe.".
parse(Bin) ->
    maybe
        [K, V] ?= binary:split(Bin, ~"="),
        true ?= byte_size(K) > 0,
        {ok, K, V}
    else
        [_] -> {error, no_equals};
        false -> {error, empty_key}
    end.

-doc false.
text() ->
    """
    first line
      indented "quoted"
    last
    """.

start() ->
    {[parse(~"a=1"), parse(~"novalue"), parse(~"=x")],
     text(),
     ~"plain", ~b"bin\tesc", ~B"raw\t", ~s"list", ~S"raw\n", ~"é",
     ~"""
     sigil
     block
     """}.
