%% queue: FIFO queues with OTP 25's queue API (original, extended and Okasaki APIs).
%% A queue is {Rear, Front} as in OTP: elements enter at the head of Rear and leave from the
%% head of Front; when one side is empty the other is split in half.
-module(queue).
-compile({no_auto_import, [get/1]}).

-export([
    new/0, is_queue/1, is_empty/1, len/1, to_list/1, from_list/1, member/2,
    in/2, in_r/2, out/1, out_r/1, get/1, get_r/1, peek/1, peek_r/1, drop/1, drop_r/1,
    reverse/1, join/2, split/2, filter/2, filtermap/2, fold/3, any/2, all/2,
    delete/2, delete_r/2, delete_with/2, delete_with_r/2,
    cons/2, head/1, tail/1, snoc/2, daeh/1, last/1, liat/1, init/1, lait/1
]).

new() -> {[], []}.

is_queue({R, F}) when is_list(R), is_list(F) -> true;
is_queue(_) -> false.

is_empty({[], []}) -> true;
is_empty({R, F}) when is_list(R), is_list(F) -> false;
is_empty(Q) -> erlang:error(badarg, [Q]).

len({R, F}) when is_list(R), is_list(F) -> length(R) + length(F);
len(Q) -> erlang:error(badarg, [Q]).

to_list({R, F}) when is_list(R), is_list(F) -> F ++ lists:reverse(R);
to_list(Q) -> erlang:error(badarg, [Q]).

from_list(L) when is_list(L) -> f2r(L);
from_list(L) -> erlang:error(badarg, [L]).

member(X, {R, F}) when is_list(R), is_list(F) -> lists:member(X, R) orelse lists:member(X, F);
member(X, Q) -> erlang:error(badarg, [X, Q]).

in(X, {[_] = In, []}) -> {[X], In};
in(X, {In, Out}) when is_list(In), is_list(Out) -> {[X | In], Out};
in(X, Q) -> erlang:error(badarg, [X, Q]).

in_r(X, {[], [_] = F}) -> {F, [X]};
in_r(X, {R, F}) when is_list(R), is_list(F) -> {R, [X | F]};
in_r(X, Q) -> erlang:error(badarg, [X, Q]).

out({[], []} = Q) -> {empty, Q};
out({[V], []}) -> {{value, V}, {[], []}};
out({[Y | In], []}) ->
    [V | Out] = lists:reverse(In, []),
    {{value, V}, {[Y], Out}};
out({In, [V]}) when is_list(In) -> {{value, V}, r2f(In)};
out({In, [V | Out]}) when is_list(In) -> {{value, V}, {In, Out}};
out(Q) -> erlang:error(badarg, [Q]).

out_r({[], []} = Q) -> {empty, Q};
out_r({[], [V]}) -> {{value, V}, {[], []}};
out_r({[], [Y | Out]}) ->
    [V | In] = lists:reverse(Out, []),
    {{value, V}, {In, [Y]}};
out_r({[V], Out}) when is_list(Out) -> {{value, V}, f2r(Out)};
out_r({[V | In], Out}) when is_list(Out) -> {{value, V}, {In, Out}};
out_r(Q) -> erlang:error(badarg, [Q]).

get({[], []} = Q) -> erlang:error(empty, [Q]);
get({R, F}) when is_list(R), is_list(F) -> get(R, F);
get(Q) -> erlang:error(badarg, [Q]).
get(R, [H | _]) when is_list(R) -> H;
get([H], []) -> H;
get([_ | R], []) -> lists:last(R).

get_r({[], []} = Q) -> erlang:error(empty, [Q]);
get_r({[H | _], F}) when is_list(F) -> H;
get_r({[], [H]}) -> H;
get_r({[], [_ | F]}) -> lists:last(F);
get_r(Q) -> erlang:error(badarg, [Q]).

peek({[], []}) -> empty;
peek({R, [H | _]}) when is_list(R) -> {value, H};
peek({[H], []}) -> {value, H};
peek({[_ | R], []}) -> {value, lists:last(R)};
peek(Q) -> erlang:error(badarg, [Q]).

peek_r({[], []}) -> empty;
peek_r({[H | _], F}) when is_list(F) -> {value, H};
peek_r({[], [H]}) -> {value, H};
peek_r({[], [_ | R]}) -> {value, lists:last(R)};
peek_r(Q) -> erlang:error(badarg, [Q]).

drop({[], []} = Q) -> erlang:error(empty, [Q]);
drop({[_], []}) -> {[], []};
drop({[Y | R], []}) ->
    [_ | F] = lists:reverse(R, []),
    {[Y], F};
drop({R, [_]}) when is_list(R) -> r2f(R);
drop({R, [_ | F]}) when is_list(R) -> {R, F};
drop(Q) -> erlang:error(badarg, [Q]).

drop_r({[], []} = Q) -> erlang:error(empty, [Q]);
drop_r({[], [_]}) -> {[], []};
drop_r({[], [Y | F]}) ->
    [_ | R] = lists:reverse(F, []),
    {R, [Y]};
drop_r({[_], F}) when is_list(F) -> f2r(F);
drop_r({[_ | R], F}) when is_list(F) -> {R, F};
drop_r(Q) -> erlang:error(badarg, [Q]).

reverse({R, F}) when is_list(R), is_list(F) -> {F, R};
reverse(Q) -> erlang:error(badarg, [Q]).

join({R, F} = Q, {[], []}) when is_list(R), is_list(F) -> Q;
join({[], []}, {R, F} = Q) when is_list(R), is_list(F) -> Q;
join({R1, F1}, {R2, F2}) when is_list(R1), is_list(F1), is_list(R2), is_list(F2) ->
    {R2, F1 ++ lists:reverse(R1, F2)};
join(Q1, Q2) -> erlang:error(badarg, [Q1, Q2]).

split(0, {R, F} = Q) when is_list(R), is_list(F) -> {{[], []}, Q};
split(N, {R, F} = Q) when is_integer(N), N >= 1, is_list(R), is_list(F) ->
    Lf = length(F),
    if
        N < Lf -> {F1, F2} = lists:split(N, F), {f2r(F1), {R, F2}};
        N =:= Lf -> {{[], F}, r2f(R)};
        true ->
            Lr = length(R),
            if
                N - Lf < Lr ->
                    {R2, R1} = lists:split(Lr - (N - Lf), R),
                    {{R1, F}, r2f(R2)};
                N - Lf =:= Lr -> {Q, {[], []}};
                true -> erlang:error(badarg, [N, Q])
            end
    end;
split(N, Q) -> erlang:error(badarg, [N, Q]).

filter(Fun, {R, F}) when is_function(Fun, 1), is_list(R), is_list(F) ->
    from_list(lists:flatmap(fun(X) ->
                                    case Fun(X) of
                                        true -> [X];
                                        false -> [];
                                        L when is_list(L) -> L
                                    end
                            end, F ++ lists:reverse(R)));
filter(Fun, Q) -> erlang:error(badarg, [Fun, Q]).

filtermap(Fun, {R, F}) when is_function(Fun, 1), is_list(R), is_list(F) ->
    from_list(lists:filtermap(Fun, F ++ lists:reverse(R)));
filtermap(Fun, Q) -> erlang:error(badarg, [Fun, Q]).

fold(Fun, Acc, {R, F}) when is_function(Fun, 2), is_list(R), is_list(F) ->
    lists:foldl(Fun, lists:foldl(Fun, Acc, F), lists:reverse(R));
fold(Fun, Acc, Q) -> erlang:error(badarg, [Fun, Acc, Q]).

any(Pred, {R, F}) when is_function(Pred, 1), is_list(R), is_list(F) ->
    lists:any(Pred, F) orelse lists:any(Pred, R);
any(Pred, Q) -> erlang:error(badarg, [Pred, Q]).

all(Pred, {R, F}) when is_function(Pred, 1), is_list(R), is_list(F) ->
    lists:all(Pred, F) andalso lists:all(Pred, R);
all(Pred, Q) -> erlang:error(badarg, [Pred, Q]).

delete(X, {R, F} = Q) when is_list(R), is_list(F) ->
    delete_with(fun(Y) -> Y =:= X end, Q);
delete(X, Q) -> erlang:error(badarg, [X, Q]).

delete_r(X, {R, F} = Q) when is_list(R), is_list(F) ->
    delete_with_r(fun(Y) -> Y =:= X end, Q);
delete_r(X, Q) -> erlang:error(badarg, [X, Q]).

delete_with(Pred, {R, F} = Q) when is_function(Pred, 1), is_list(R), is_list(F) ->
    case del_first(Pred, F ++ lists:reverse(R)) of
        false -> Q;
        L -> from_list(L)
    end;
delete_with(Pred, Q) -> erlang:error(badarg, [Pred, Q]).

delete_with_r(Pred, {R, F} = Q) when is_function(Pred, 1), is_list(R), is_list(F) ->
    case del_first(Pred, R ++ lists:reverse(F)) of
        false -> Q;
        L -> from_list(lists:reverse(L))
    end;
delete_with_r(Pred, Q) -> erlang:error(badarg, [Pred, Q]).

del_first(Pred, [X | Xs]) ->
    case Pred(X) of
        true -> Xs;
        false ->
            case del_first(Pred, Xs) of
                false -> false;
                Rest -> [X | Rest]
            end
    end;
del_first(_, []) -> false.

%% Okasaki API.
cons(X, Q) -> in_r(X, Q).
head({[], []} = Q) -> erlang:error(empty, [Q]);
head(Q) -> get(Q).
tail(Q) -> drop(Q).
snoc(Q, X) -> in(X, Q).
daeh(Q) -> get_r(Q).
last(Q) -> get_r(Q).
liat(Q) -> drop_r(Q).
init(Q) -> drop_r(Q).
lait(Q) -> drop_r(Q).

%% Move half of one side to the other.
r2f([]) -> {[], []};
r2f([_] = R) -> {[], R};
r2f([Y, X]) -> {[Y], [X]};
r2f(List) ->
    {RR, FF} = lists:split(length(List) div 2, List),
    {RR, lists:reverse(FF, [])}.

f2r([]) -> {[], []};
f2r([_] = F) -> {F, []};
f2r([X, Y]) -> {[Y], [X]};
f2r(List) ->
    {FF, RR} = lists:split(length(List) div 2, List),
    {lists:reverse(RR, []), FF}.
