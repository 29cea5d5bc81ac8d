%% Purpose: binary comprehensions (generators over binaries and lists, filters, bitstring segments) with byte_size/bit_size.
%% expect: [<<2,4,6,8,10,12,14,16,18,20>>,<<1,3,5,7,9>>,[{1,2},{3,4},{10,11}],<<41,101:7>>,<<240,15,5:4>>,<<"aabbcc">>,<<195,169,226,130,172,240,159,152,128>>,<<1,7,1,8,2,7,2,8>>,[10,80,2,15,20,9],<<>>,[1],<<0,1,2>>]
-module(bin_comprehension).
-export([start/0]).

id(X) -> X.

start() ->
    B = id(<<1, 2, 3, 4, 5, 6, 7, 8, 9, 10>>),
    Doubled = << <<(X * 2)>> || <<X>> <= B >>,
    Odd = << <<X>> || <<X>> <= B, X rem 2 =:= 1 >>,
    Pairs = [{X, Y} || <<X:4, Y:4>> <= id(<<16#12, 16#34, 16#AB>>)],
    Bits = << <<X:3>> || X <- id([1, 2, 3, 4, 5]) >>,
    Nibbles = << <<X:4>> || <<X:4>> <= id(<<16#F0, 16#0F, 5:4>>) >>,
    FromList = << <<C, C>> || C <- id("abc") >>,
    Utf = << <<C/utf8>> || C <- id([16#E9, 16#20AC, 16#1F600]) >>,
    Nested = << <<X, Y>> || <<X>> <= id(<<1, 2>>), <<Y>> <= id(<<7, 8>>) >>,
    Sizes = [byte_size(Doubled), bit_size(Doubled), byte_size(Bits), bit_size(Bits),
             bit_size(Nibbles), byte_size(Utf)],
    Rev = << <<X>> || <<X>> <= id(<<>>) >>,
    [Doubled, Odd, Pairs, Bits, Nibbles, FromList, Utf, Nested, Sizes, Rev,
     [byte_size(<< <<1:N>> || N <- [1, 2, 3] >>) || _ <- [x]],
     << <<(byte_size(X))>> || X <- id([<<>>, <<1>>, <<1, 2:3>>]) >>].
