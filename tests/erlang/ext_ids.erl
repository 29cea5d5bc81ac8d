%% Purpose: term_to_binary/binary_to_term of pids, references and local funs: OTP's sizes and tags (node 'nonode@nohost', creation 0), exact round trips, decoded funs that still run, and foreign identifiers kept intact.
-module(ext_ids).
-export([start/0]).
%% expect: {{<<131,88,119,13,110,111,110,111,100,101,64,110,111,104,111,115,116>>,29,<<131,90,0,3,119,13,110,111,110,111,100,101,64,110,111,104,111,115,116>>,35,<<131,88,100,0,13,110,111,110,111,100,101,64,110,111,104,111,115,116>>,<<131,112,0,0,0,75>>,77,77,151},[true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true],{15,{10,ok},{1,2,11},{arity,1},{env,"\n"},true,true},[{true,true},{true,true},{true,true}],[true,true,true]}

start() ->
    V2 = [{minor_version, 2}],
    Self = self(),
    Ref = make_ref(),
    %% Not a compile-time constant, so the funs below really capture it.
    X = 10 + erlang:unique_integer([positive]) * 0,
    Adder = fun(Y) -> X + Y end,
    Const = fun() -> {X, ok} end,
    Pair = fun(A, B) -> {A, B, Adder(A)} end,
    PidBin = term_to_binary(Self, V2),
    RefBin = term_to_binary(Ref, V2),
    FunBin = term_to_binary(Adder, V2),
    Shapes = {header(PidBin, 17), bsize(PidBin),
              header(RefBin, 19), bsize(RefBin),
              header(term_to_binary(Self, [{minor_version, 1}]), 18),
              header(FunBin, 6), bsize(FunBin), bsize(term_to_binary(Const, V2)),
              bsize(term_to_binary(Pair, V2))},
    Trips = [binary_to_term(term_to_binary(T, O)) =:= T
             || T <- [Self, Ref, {Self, [Ref]}, #{Ref => Self}, Adder, Const, Pair],
                O <- [[], [{minor_version, 1}], V2, [compressed]]],
    Adder2 = binary_to_term(FunBin),
    Pair2 = binary_to_term(term_to_binary(Pair)),
    Runs = {Adder2(5), (binary_to_term(term_to_binary(Const)))(), Pair2(1, 2),
            erlang:fun_info(Adder2, arity), erlang:fun_info(Adder2, env),
            binary_to_term(term_to_binary(Self)) =:= self(),
            binary_to_term(RefBin, [safe]) =:= Ref},
    %% A pid and a reference of another node come back exactly as they were written.
    Foreign = [<<131, 88, 119, 8, "other@nd", 0, 0, 0, 33, 0, 0, 0, 0, 0, 0, 0, 7>>,
               <<131, 90, 0, 3, 119, 8, "other@nd", 0, 0, 0, 7, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3>>,
               <<131, 90, 0, 3, 119, 13, "nonode@nohost", 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
                 10, 11>>],
    ForeignTrips = [{is_pid(T) orelse is_reference(T), term_to_binary(T, V2) =:= B}
                    || B <- Foreign, T <- [binary_to_term(B)]],
    %% Old pid and reference tags decode.
    Old = [is_pid(binary_to_term(<<131, 103, 100, 0, 8, "other@nd", 0, 0, 0, 1, 0, 0, 0, 0, 1>>)),
           is_reference(binary_to_term(<<131, 114, 0, 1, 100, 0, 8, "other@nd", 1, 0, 0, 0, 9>>)),
           is_reference(binary_to_term(<<131, 101, 100, 0, 8, "other@nd", 0, 0, 0, 9, 1>>))],
    {Shapes, Trips, Runs, ForeignTrips, Old}.

header(B, N) ->
    <<H:N/binary, _/binary>> = B,
    H.

bsize(B) -> bsize(B, 0).
bsize(<<_, R/binary>>, N) -> bsize(R, N + 1);
bsize(<<>>, N) -> N.
