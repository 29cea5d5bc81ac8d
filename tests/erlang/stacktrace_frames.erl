%% Purpose: stack traces: first frame of function_clause (args list), raise sites with arity, file/line locations, caller frames.
-module(stacktrace_frames).
-export([start/0]).
%% expect: {{stacktrace_frames,fc,[nope,2]},{stacktrace_frames,do_div,2},{stacktrace_frames,thrower,1},true,true,13,[{stacktrace_frames,level_b,1},{stacktrace_frames,level_a,1}],{stacktrace_frames,err2,[1,2]},{stacktrace_frames,exiter,0},15}
%% NOTE: the expected line numbers (13 and 15) depend on this file's layout.

fc(ok, _) -> ok.

do_div(X, Y) -> {X div Y}.

%% line 13 is the throw site:
thrower(X) ->
    throw(X).
%% line 15 is the exit site:
exiter() -> exit(bye).

start() ->
    A = first_mfa(fun() -> fc(id(nope), 2) end),
    %% errors inside BIFs: OTP puts an {erlang,'div',...} frame first; we
    %% look at the first frame of this module so either form is accepted
    B = own_mfa(fun() -> do_div(id(1), id(0)) end),
    C = first_mfa(fun() -> thrower(id(x)) end),
    {_, _, _, Loc} = first_frame(fun() -> thrower(id(x)) end),
    HasLine = is_integer(line_of(Loc)),
    HasFile = ends_with(file_of(Loc), "stacktrace_frames.erl"),
    Line = line_of(Loc),
    D = two_frames(fun() -> level_a(id(0)) end),
    E = first_mfa(fun() -> err2(1, 2) end),
    F = first_mfa(fun() -> exiter() end),
    {_, _, _, Loc2} = first_frame(fun() -> exiter() end),
    {A, B, C, HasLine, HasFile, Line, D, E, F, line_of(Loc2)}.

%% level_a calls level_b in a non-tail position, so level_a stays on the stack
level_a(N) -> {level_b(N)}.
level_b(N) ->
    case N of
        0 -> error(deep);
        _ -> N
    end.

%% error/2 puts the arguments into the first frame
err2(A, B) -> error(err2, [A, B]).

stack_of(F) ->
    try F() of
        V -> {no_error, V}
    catch _:_:St -> St
    end.

first_frame(F) ->
    [Frame | _] = stack_of(F),
    Frame.

first_mfa(F) -> mfa(first_frame(F)).

own_mfa(F) -> first_own(stack_of(F)).

first_own([{?MODULE, _, _, _} = Fr | _]) -> mfa(Fr);
first_own([_ | T]) -> first_own(T).

two_frames(F) ->
    [A, B | _] = stack_of(F),
    [mfa(A), mfa(B)].

mfa({M, F, A, _}) -> {M, F, A}.

line_of(Loc) ->
    case lists:keyfind(line, 1, Loc) of
        {line, L} -> L;
        false -> no_line
    end.

file_of(Loc) ->
    case lists:keyfind(file, 1, Loc) of
        {file, F} -> F;
        false -> ""
    end.

ends_with(S, Suffix) ->
    LS = length(S), LX = length(Suffix),
    LS >= LX andalso drop(LS - LX, S) =:= Suffix.

drop(0, L) -> L;
drop(N, [_ | T]) -> drop(N - 1, T).

id(X) -> X.
