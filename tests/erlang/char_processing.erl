%% Purpose: character-list processing: tokenizing words, counting vowels, caesar cipher round trip, palindromes, run-length encoding, integer parsing.
-module(char_processing).
-export([start/0]).
%% expect: {["the","quick","brown","fox","jumps"],6,"wkh txlfn eurzq ira","the quick brown fox",[true,false,true],[{3,97},{1,98},{2,99},{2,97}],[12,345,6789],"a3b1c2a2",4}

start() ->
    Text = "the quick  brown fox jumps",
    A = words(Text),
    B = vowels(Text),
    Enc = caesar("the quick brown fox", 3),
    Dec = caesar(Enc, 23),
    C = [palindrome("racecar"), palindrome("abca"), palindrome("")],
    D = rle("aaabccaa"),
    E = [to_int(W) || W <- words("12 345 6789")],
    F = rle_string(D),
    G = count_char($o, "foo boo zoo" -- "zoo"),
    {A, B, Enc, Dec, C, D, E, F, G}.

words(S) -> words(S, [], []).
words([], [], Acc) -> reverse(Acc);
words([], W, Acc) -> reverse([reverse(W) | Acc]);
words([$\s | T], [], Acc) -> words(T, [], Acc);
words([$\s | T], W, Acc) -> words(T, [], [reverse(W) | Acc]);
words([C | T], W, Acc) -> words(T, [C | W], Acc).

vowels([]) -> 0;
vowels([C | T]) ->
    case lists:member(C, "aeiou") of
        true -> 1 + vowels(T);
        false -> vowels(T)
    end.

caesar([], _) -> [];
caesar([C | T], K) when C >= $a, C =< $z -> [$a + (C - $a + K) rem 26 | caesar(T, K)];
caesar([C | T], K) -> [C | caesar(T, K)].

palindrome(S) -> S =:= reverse(S).

rle([]) -> [];
rle([C | T]) -> rle(T, C, 1).
rle([C | T], C, N) -> rle(T, C, N + 1);
rle([D | T], C, N) -> [{N, C} | rle(T, D, 1)];
rle([], C, N) -> [{N, C}].

rle_string([]) -> [];
rle_string([{N, C} | T]) -> [C | integer_to_list(N)] ++ rle_string(T).

to_int(S) -> to_int(S, 0).
to_int([], Acc) -> Acc;
to_int([D | T], Acc) when D >= $0, D =< $9 -> to_int(T, Acc * 10 + D - $0).

count_char(_, []) -> 0;
count_char(C, [C | T]) -> 1 + count_char(C, T);
count_char(C, [_ | T]) -> count_char(C, T).

reverse(L) -> lists:reverse(L, []).
