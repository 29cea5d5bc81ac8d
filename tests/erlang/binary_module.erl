%% Purpose: binary module byte access, parts, copies, bin_to_list, list_to_bin, unsigned encodings, common prefixes/suffixes and referenced_byte_size, with badarg cases.
%% expect: [1,255,1,255,{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg},{error,badarg},<<2,3>>,<<3,255>>,{error,badarg},<<>>,{error,badarg},{error,badarg},{error,badarg},<<1,2,3,255>>,<<1,2,3,255,1,2,3,255,1,2,3,255>>,<<>>,<<>>,{error,badarg},{error,badarg},{error,badarg},[1,2,3,255],[2,3],[2,3],[1,2,3,255],[],{error,badarg},{error,badarg},{error,badarg},<<1,2,3,4>>,<<>>,{error,badarg},{error,badarg},{error,badarg},256,1,0,7,175046191743730494774691340265627762627446736410723365871142869850072170178560599356864349703968260990025437930213127908323681760131529391849205140724534861831726594081150734179824077797406263467792361013247542634062957825340208419147825746435338980113133761419257111578495171908886686312044776196791646898896703609265518180852238247584623089653755605690673197236691001673139326929818878349704768625029601490192207795315888014680773340053749386961596172537362192465479694276806600,34871799737259810558650326805495118227488891055509691156493809451108713308345359400784081916221395868087137925792731680455466586269327607245771925671134974291235252232596118329831438060898132932007588356697700885916315570837989410812968614228343174401522299603987083724186231531958250450109263833047567188268878856909891256661262884330344503708015164588354071819820329665345439586304035066236693340265174399993407833411386612737127967067973300725212668762628650209167964564151796225,4722366482869645213695,{error,badarg},{error,badarg},<<0>>,<<"ÿ">>,<<1,0>>,<<0,1>>,<<1,0,0,0,0,0,0,0,0,0,0>>,<<35,1,239,205,171,137,103,69,35,1>>,<<8,0,0,0,0,0,0,0>>,true,{error,badarg},{error,badarg},{error,badarg},{error,badarg},2,3,0,0,1,3,{error,badarg},{error,badarg},{error,badarg},{error,badarg},4,3,0,{error,badarg}]
-module(binary_module).
-export([start/0]).

id(X) -> X.

e(F) ->
    try F() catch C:R -> {C, R} end.

seq(N, N) -> [N];
seq(I, N) -> [I | seq(I + 1, N)].

start() ->
    B = id(<<1, 2, 3, 255>>),
    Bits = id(<<1, 2, 3:4>>),
    Big = list_to_binary(seq(1, 200)),
    [binary:at(B, 0), binary:at(B, 3), binary:first(B), binary:last(B),
     e(fun() -> binary:at(B, id(4)) end),
     e(fun() -> binary:at(B, id(-1)) end),
     e(fun() -> binary:at(Bits, 0) end),
     e(fun() -> binary:first(id(<<>>)) end),
     e(fun() -> binary:last(id(<<>>)) end),
     e(fun() -> binary:first(Bits) end),
     e(fun() -> binary:last(id(foo)) end),
     binary:part(B, 1, 2), binary:part(B, {4, -2}), e(fun() -> binary:part(Bits, 0, 2) end),
     binary:part(B, 4, 0),
     e(fun() -> binary:part(B, 2, id(3)) end),
     e(fun() -> binary:part(B, id({5, -1})) end),
     e(fun() -> binary:part(B, id(1)) end),
     binary:copy(B), binary:copy(B, 3), binary:copy(B, 0), binary:copy(id(<<>>), 5),
     e(fun() -> binary:copy(B, id(-1)) end),
     e(fun() -> binary:copy(Bits, 2) end),
     e(fun() -> binary:copy(B, id(a)) end),
     binary:bin_to_list(B), binary:bin_to_list(B, {1, 2}), binary:bin_to_list(B, {3, -2}),
     binary:bin_to_list(B, 0, 4), binary:bin_to_list(id(<<>>)),
     e(fun() -> binary:bin_to_list(B, 1, id(5)) end),
     e(fun() -> binary:bin_to_list(Bits) end),
     e(fun() -> binary:bin_to_list(B, id({0, -1})) end),
     binary:list_to_bin(id([1, <<2>>, [3, <<>>] | <<4>>])), binary:list_to_bin(id([])),
     e(fun() -> binary:list_to_bin(id(<<3>>)) end),
     e(fun() -> binary:list_to_bin(id([256])) end),
     e(fun() -> binary:list_to_bin(id([<<1:1>>])) end),
     binary:decode_unsigned(id(<<1, 0>>)), binary:decode_unsigned(id(<<1, 0>>), little),
     binary:decode_unsigned(id(<<>>)), binary:decode_unsigned(id(<<0, 0, 0, 7>>)),
     binary:decode_unsigned(Big), binary:decode_unsigned(Big, little),
     binary:decode_unsigned(id(<<255, 255, 255, 255, 255, 255, 255, 255, 255>>)),
     e(fun() -> binary:decode_unsigned(Bits) end),
     e(fun() -> binary:decode_unsigned(B, id(middle)) end),
     binary:encode_unsigned(id(0)), binary:encode_unsigned(id(255)), binary:encode_unsigned(id(256)),
     binary:encode_unsigned(id(256), little), binary:encode_unsigned(id(1 bsl 80)),
     binary:encode_unsigned(id(16#123456789ABCDEF0123), little),
     binary:encode_unsigned(id(576460752303423488)),
     binary:decode_unsigned(binary:encode_unsigned(id(1 bsl 1000) - 1)) =:= (1 bsl 1000) - 1,
     e(fun() -> binary:encode_unsigned(id(-1)) end),
     e(fun() -> binary:encode_unsigned(id(-(1 bsl 80))) end),
     e(fun() -> binary:encode_unsigned(id(1.0)) end),
     e(fun() -> binary:encode_unsigned(id(1), id(big_endian)) end),
     binary:longest_common_prefix(id([<<"abc">>, <<"abd">>, <<"ab">>])),
     binary:longest_common_prefix(id([<<"abc">>])),
     binary:longest_common_prefix(id([<<"abc">>, <<>>])),
     binary:longest_common_prefix(id([<<"x">>, <<"y">>])),
     binary:longest_common_suffix(id([<<"abc">>, <<"xbc">>, <<"c">>])),
     binary:longest_common_suffix(id([<<"abc">>, <<"abc">>])),
     e(fun() -> binary:longest_common_prefix(id([])) end),
     e(fun() -> binary:longest_common_prefix(id([<<"a">>, foo])) end),
     e(fun() -> binary:longest_common_suffix(id([<<"a">> | <<"b">>])) end),
     e(fun() -> binary:longest_common_suffix(id([<<1:1>>])) end),
     binary:referenced_byte_size(B), binary:referenced_byte_size(binary:part(Big, 1, 3)),
     binary:referenced_byte_size(id(<<>>)),
     %% (Not on a bitstring literal: OTP 25 counts its partial byte, OTP 27+ does not.)
     e(fun() -> binary:referenced_byte_size(id(foo)) end)].
