%% Purpose: records in guards: is_record/2,3, record field tests in guards, records in lists, records compared as tuples.
-module(records_guards).
-export([start/0]).
-record(cat, {name, lives = 9}).
-record(dog, {name, good = true}).
%% expect: {[cat,dog,other,other,other],[true,false,true,false],[true,false],"rex",[{cat,"tom",8}],17,true}

start() ->
    %% Through id/1: given the literal list, the compilers of OTP 27 and 29 crash
    %% (beam_ssa_opt, ssa_opt_destructive_update).
    Pets = id([#cat{name = "tom"}, #dog{name = "rex"}, {cat, "wrong size"}, {bird}, not_a_record]),
    A = [what(P) || P <- Pets],
    B = [is_record(id(#cat{}), cat), is_record(id(#cat{}), dog),
         is_record(id(#dog{}), dog, 3), is_record(id(#dog{}), dog, 4)],
    C = [good_dog(#dog{name = a}), good_dog(#dog{name = b, good = false})],
    D = first_dog_name(Pets),
    E = [C1#cat{lives = C1#cat.lives - 1} || C1 <- Pets, is_record(C1, cat)],
    F = total_lives([#cat{}, #cat{lives = 8}, #dog{}]),
    G = #cat{name = x} < #dog{name = x},
    {A, B, C, D, E, F, G}.

what(P) when is_record(P, cat) -> cat;
what(P) when is_record(P, dog, 3) -> dog;
what(_) -> other.

good_dog(#dog{good = true}) -> true;
good_dog(_) -> false.

first_dog_name([#dog{name = N} | _]) -> N;
first_dog_name([_ | T]) -> first_dog_name(T).

total_lives([]) -> 0;
total_lives([#cat{lives = L} | T]) -> L + total_lives(T);
total_lives([_ | T]) -> total_lives(T).

id(X) -> X.
