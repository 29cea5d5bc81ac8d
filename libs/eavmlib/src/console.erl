%% AtomVM's console: text straight to standard output, bypassing the io server.
-module(console).
-export([puts/1, print/1, flush/0]).

%% Write a string (or any iodata) to stdout.
-spec puts(iodata()) -> ok.
puts(Text) ->
    atomvm:stdout_write(Text).

-spec print(iodata()) -> ok.
print(Text) ->
    atomvm:stdout_write(Text).

%% Standard output is written through at once: nothing to flush.
-spec flush() -> ok.
flush() ->
    ok.
