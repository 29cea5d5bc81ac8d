%% AtomVM-specific functions. Only what the VM really provides is here: each function below
%% is a BIF (the VM resolves calls, apply and `fun atomvm:F/A` to the native code; the body is
%% never run).
-module(atomvm).

-export([platform/0, stdout_write/1, stderr_write/1, stdin_read_line/0, stdin_read/1,
         stdin_select/1, stdin_read_available/0, read_priv/2, read_ebin/2]).

%% The platform the VM runs on: `generic_unix` natively, `wasi` under a WASI runtime.
-spec platform() -> atom().
platform() ->
    erlang:nif_error(undefined).

%% Raw io, for the io server (estdlib's atomvm_io_server): bytes to stdout or stderr as they
%% are; a line of stdin (newline included) or up to N bytes of it, as a binary, or `eof`.
-spec stdout_write(iodata()) -> ok.
stdout_write(_IoData) ->
    erlang:nif_error(undefined).

-spec stderr_write(iodata()) -> ok.
stderr_write(_IoData) ->
    erlang:nif_error(undefined).

-spec stdin_read_line() -> binary() | eof.
stdin_read_line() ->
    erlang:nif_error(undefined).

-spec stdin_read(non_neg_integer()) -> binary() | eof.
stdin_read(_N) ->
    erlang:nif_error(undefined).

%% Waiting for stdin without stopping the VM: stdin_select(Ref) is `ready` when stdin can be
%% read now, else `ok` and `{'$socket', _, select, Ref}` arrives when it can; then
%% stdin_read_available() returns what is there (a binary) or `eof`. Don't mix with
%% stdin_read_line/stdin_read, which read through a buffer of their own.
-spec stdin_select(reference()) -> ready | ok.
stdin_select(_Ref) ->
    erlang:nif_error(undefined).

-spec stdin_read_available() -> binary() | eof.
stdin_read_available() ->
    erlang:nif_error(undefined).

%% A data file of the loaded bundles: the section `App/priv/Path` (read_priv) or
%% `App/ebin/File` (read_ebin, where an application's resource file `App.app` goes), as a
%% binary, or `undefined` when no bundle has it.
-spec read_priv(atom(), string()) -> binary() | undefined.
read_priv(_App, _Path) ->
    erlang:nif_error(undefined).

-spec read_ebin(atom(), string()) -> binary() | undefined.
read_ebin(_App, _File) ->
    erlang:nif_error(undefined).
