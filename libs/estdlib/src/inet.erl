%% inet: addresses (parse, print, resolve) and the calls common to gen_tcp and gen_udp sockets,
%% which are `{'$inet', Module, _}` tuples dispatched to their Module.
-module(inet).

-export([getaddr/2, ntoa/1, parse_address/1, parse_ipv4_address/1, parse_ipv6_address/1,
         parse_ipv4strict_address/1, parse_ipv6strict_address/1,
         parse_strict_address/1, port/1, sockname/1, peername/1, setopts/2, getopts/2,
         close/1]).

%% ---------------------------------------------------------------------------------------------
%% Sockets

port(S) ->
    case sockname(S) of
        {ok, {_, Port}} -> {ok, Port};
        Error -> Error
    end.

sockname({'$inet', Mod, _} = S) -> Mod:sockname(S).
peername({'$inet', Mod, _} = S) -> Mod:peername(S).
setopts({'$inet', Mod, _} = S, Opts) -> Mod:setopts(S, Opts).
getopts({'$inet', Mod, _} = S, Names) -> Mod:getopts(S, Names).

close({'$inet', gen_tcp_socket, _} = S) -> gen_tcp:close(S);
close({'$inet', gen_udp_socket, _} = S) -> gen_udp:close(S).

%% ---------------------------------------------------------------------------------------------
%% Resolving

getaddr(Addr, inet) when tuple_size(Addr) =:= 4 ->
    valid(Addr, 255);
getaddr(Addr, inet6) when tuple_size(Addr) =:= 8 ->
    valid(Addr, 65535);
getaddr(Host, Family) when is_atom(Host) ->
    getaddr(atom_to_list(Host), Family);
getaddr(Host, Family) when is_list(Host), (Family =:= inet orelse Family =:= inet6) ->
    case parse_address(Host) of
        {ok, A} when Family =:= inet, tuple_size(A) =:= 4 -> {ok, A};
        {ok, A} when Family =:= inet6, tuple_size(A) =:= 8 -> {ok, A};
        {ok, _} -> {error, nxdomain};
        {error, einval} -> resolve(Host, Family)
    end;
getaddr(_, _) ->
    {error, einval}.

valid(Addr, Max) ->
    case lists:all(fun(X) -> is_integer(X) andalso X >= 0 andalso X =< Max end,
                   tuple_to_list(Addr)) of
        true -> {ok, Addr};
        false -> {error, einval}
    end.

resolve("localhost", inet) ->
    {ok, {127, 0, 0, 1}};
resolve("localhost", inet6) ->
    {ok, {0, 0, 0, 0, 0, 0, 0, 1}};
resolve(Host, Family) ->
    case net:getaddrinfo(Host) of
        {ok, Infos} ->
            case [A || #{family := F, addr := #{addr := A}} <- Infos, F =:= Family] of
                [A | _] -> {ok, A};
                [] -> {error, nxdomain}
            end;
        {error, eafnosupport} = E ->
            E;
        {error, _} ->
            {error, nxdomain}
    end.

%% ---------------------------------------------------------------------------------------------
%% Printing

ntoa({A, B, C, D} = Addr) ->
    case valid(Addr, 255) of
        {ok, _} -> lists:flatten([integer_to_list(A), $., integer_to_list(B), $.,
                                  integer_to_list(C), $., integer_to_list(D)]);
        _ -> {error, einval}
    end;
ntoa({0, 0, 0, 0, 0, 16#ffff, G, H} = Addr) ->
    case valid(Addr, 65535) of
        {ok, _} -> "::ffff:" ++ ntoa({G bsr 8, G band 255, H bsr 8, H band 255});
        _ -> {error, einval}
    end;
ntoa(Addr) when tuple_size(Addr) =:= 8 ->
    case valid(Addr, 65535) of
        {ok, _} -> ntoa6(tuple_to_list(Addr));
        _ -> {error, einval}
    end;
ntoa(_) ->
    {error, einval}.

%% The longest run of two or more zero groups (the first of equal ones) becomes "::".
ntoa6(Groups) ->
    case longest_zeros(Groups, 0, 0, -1, 0) of
        {_, Len} when Len < 2 ->
            join([hex(G) || G <- Groups]);
        {At, Len} ->
            {Before, Rest} = lists:split(At, Groups),
            After = lists:nthtail(Len, Rest),
            join([hex(G) || G <- Before]) ++ "::" ++ join([hex(G) || G <- After])
    end.

longest_zeros([], _, _, Best, BestLen) ->
    {Best, BestLen};
longest_zeros([0 | Gs], I, Run, Best, BestLen) ->
    Len = Run + 1,
    case Len > BestLen of
        true -> longest_zeros(Gs, I + 1, Len, I - Run, Len);
        false -> longest_zeros(Gs, I + 1, Len, Best, BestLen)
    end;
longest_zeros([_ | Gs], I, _, Best, BestLen) ->
    longest_zeros(Gs, I + 1, 0, Best, BestLen).

hex(N) -> string:to_lower(integer_to_list(N, 16)).

join([]) -> "";
join([X]) -> X;
join([X | Xs]) -> X ++ ":" ++ join(Xs).

%% ---------------------------------------------------------------------------------------------
%% Parsing

parse_address(S) ->
    case parse_ipv4_address(S) of
        {ok, A} -> {ok, A};
        _ -> parse_ipv6strict_address(S)
    end.

parse_strict_address(S) ->
    case parse_ipv4strict_address(S) of
        {ok, A} -> {ok, A};
        _ -> parse_ipv6strict_address(S)
    end.

%% The BSD forms OTP accepts: 1 to 4 parts, each decimal, octal (leading 0) or hex (0x); the
%% last part fills the bytes that are left ("127.1" is 127.0.0.1, "16909060" is 1.2.3.4).
parse_ipv4_address(S) when is_list(S) ->
    Parts = string:split(S, ".", all),
    N = length(Parts),
    case N =< 4 andalso [bsd_number(P) || P <- Parts] of
        false ->
            {error, einval};
        Numbers ->
            {Init, [Last]} = lists:split(N - 1, Numbers),
            Room = 8 * (5 - N),
            case lists:all(fun(X) -> is_integer(X) andalso X =< 255 end, Init)
                andalso is_integer(Last) andalso Last < (1 bsl Room) of
                true ->
                    V = lists:foldl(fun(X, Acc) -> (Acc bsl 8) bor X end, 0, Init),
                    <<A, B, C, D>> = <<((V bsl Room) bor Last):32>>,
                    {ok, {A, B, C, D}};
                false ->
                    {error, einval}
            end
    end;
parse_ipv4_address(_) ->
    {error, einval}.

%% Exactly four decimal parts of 0..255, without leading zeros.
parse_ipv4strict_address(S) when is_list(S) ->
    case [strict_decimal(P) || P <- string:split(S, ".", all)] of
        [A, B, C, D] when is_integer(A), is_integer(B), is_integer(C), is_integer(D) ->
            {ok, {A, B, C, D}};
        _ ->
            {error, einval}
    end;
parse_ipv4strict_address(_) ->
    {error, einval}.

bsd_number([$0, X | Hex]) when X =:= $x; X =:= $X -> digits(Hex, 16);
bsd_number([$0 | Oct]) when Oct =/= [] -> digits(Oct, 8);
bsd_number(Dec) -> digits(Dec, 10).

digits([], _) ->
    error;
digits(Ds, Base) ->
    case lists:member($-, Ds) orelse lists:member($+, Ds) of
        true -> error;
        false ->
            try list_to_integer(Ds, Base)
            catch error:badarg -> error
            end
    end.

strict_decimal("0") -> 0;
strict_decimal([$0 | _]) -> error;
strict_decimal(P) when length(P) =< 3 ->
    case digits(P, 10) of
        N when is_integer(N), N =< 255 -> N;
        _ -> error
    end;
strict_decimal(_) -> error.

%% An IPv6 address, or an IPv4 one (in any form parse_ipv4_address takes) as IPv4-mapped.
parse_ipv6_address(S) ->
    case parse_ipv4_address(S) of
        {ok, {A, B, C, D}} -> {ok, {0, 0, 0, 0, 0, 16#FFFF, A * 256 + B, C * 256 + D}};
        _ -> parse_ipv6strict_address(S)
    end.

parse_ipv6strict_address(S) when is_list(S) ->
    case string:split(S, "::", all) of
        [Whole] ->
            case groups(Whole) of
                {ok, Gs} when length(Gs) =:= 8 -> {ok, list_to_tuple(Gs)};
                _ -> {error, einval}
            end;
        [Left, Right] ->
            case {groups(Left), groups(Right)} of
                {{ok, L}, {ok, R}} when length(L) + length(R) =< 7 ->
                    Zeros = lists:duplicate(8 - length(L) - length(R), 0),
                    {ok, list_to_tuple(L ++ Zeros ++ R)};
                _ ->
                    {error, einval}
            end;
        _ ->
            {error, einval}
    end;
parse_ipv6strict_address(_) ->
    {error, einval}.

%% Colon-separated hex groups; the last may be a dotted IPv4 address (two groups).
groups("") ->
    {ok, []};
groups(S) ->
    groups(string:split(S, ":", all), []).

groups([], Acc) ->
    {ok, lists:reverse(Acc)};
groups([Last], Acc) ->
    case lists:member($., Last) of
        true ->
            case parse_ipv4strict_address(Last) of
                {ok, {A, B, C, D}} -> {ok, lists:reverse(Acc, [A * 256 + B, C * 256 + D])};
                _ -> error
            end;
        false ->
            case hex_group(Last) of
                error -> error;
                G -> {ok, lists:reverse([G | Acc])}
            end
    end;
groups([P | Ps], Acc) ->
    case hex_group(P) of
        error -> error;
        G -> groups(Ps, [G | Acc])
    end.

hex_group(P) when length(P) >= 1, length(P) =< 4 ->
    case lists:all(fun(C) -> (C >= $0 andalso C =< $9) orelse (C >= $a andalso C =< $f)
                                 orelse (C >= $A andalso C =< $F) end, P) of
        true -> list_to_integer(P, 16);
        false -> error
    end;
hex_group(_) ->
    error.
