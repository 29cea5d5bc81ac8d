%% inet's address parsing and printing (no sockets needed).
-module(test_inet).
-export([test_parse_forms/0, test_ntoa/0, test_parse/0, test_getaddr/0]).
-include("etest.hrl").

test_ntoa() ->
    ?ASSERT_MATCH("127.0.0.1", inet:ntoa({127, 0, 0, 1})),
    ?ASSERT_MATCH("::1", inet:ntoa({0, 0, 0, 0, 0, 0, 0, 1})),
    ?ASSERT_MATCH("::", inet:ntoa({0, 0, 0, 0, 0, 0, 0, 0})),
    ?ASSERT_MATCH("fe80::1:2", inet:ntoa({16#fe80, 0, 0, 0, 0, 0, 1, 2})),
    ?ASSERT_MATCH("1:0:2::3", inet:ntoa({1, 0, 2, 0, 0, 0, 0, 3})),
    ?ASSERT_MATCH("2001:db8::", inet:ntoa({16#2001, 16#db8, 0, 0, 0, 0, 0, 0})),
    ?ASSERT_MATCH("::ffff:10.0.0.1", inet:ntoa({0, 0, 0, 0, 0, 16#ffff, 16#0a00, 1})),
    ?ASSERT_MATCH({error, einval}, inet:ntoa({256, 0, 0, 1})),
    ?ASSERT_MATCH({error, einval}, inet:ntoa(foo)),
    ok.

test_parse() ->
    ?ASSERT_MATCH({ok, {192, 168, 1, 20}}, inet:parse_address("192.168.1.20")),
    ?ASSERT_MATCH({ok, {192, 168, 1, 20}}, inet:parse_ipv4_address("192.168.1.20")),
    ?ASSERT_MATCH({error, einval}, inet:parse_address("256.1.1.1")),
    ?ASSERT_MATCH({error, einval}, inet:parse_address("example.com")),
    ?ASSERT_MATCH({ok, {0, 0, 0, 0, 0, 0, 0, 1}}, inet:parse_address("::1")),
    ?ASSERT_MATCH({ok, {16#fe80, 0, 0, 0, 0, 0, 0, 16#abcd}},
                  inet:parse_ipv6_address("FE80::abcd")),
    ?ASSERT_MATCH({ok, {1, 2, 3, 4, 5, 6, 7, 8}}, inet:parse_address("1:2:3:4:5:6:7:8")),
    ?ASSERT_MATCH({ok, {0, 0, 0, 0, 0, 16#ffff, 16#7f00, 1}},
                  inet:parse_address("::ffff:127.0.0.1")),
    ?ASSERT_MATCH({ok, {0, 0, 0, 0, 0, 0, 0, 0}}, inet:parse_address("::")),
    ?ASSERT_MATCH({error, einval}, inet:parse_address("1::2::3")),
    ?ASSERT_MATCH({error, einval}, inet:parse_address("1:2:3:4:5:6:7:8:9")),
    ?ASSERT_MATCH({error, einval}, inet:parse_address("12345::")),
    ok.

test_getaddr() ->
    ?ASSERT_MATCH({ok, {10, 1, 2, 3}}, inet:getaddr({10, 1, 2, 3}, inet)),
    ?ASSERT_MATCH({ok, {10, 1, 2, 3}}, inet:getaddr("10.1.2.3", inet)),
    ?ASSERT_MATCH({ok, {0, 0, 0, 0, 0, 0, 0, 1}}, inet:getaddr("::1", inet6)),
    ok.

%% The short and based IPv4 forms OTP takes, and what its strict parsers refuse.
test_parse_forms() ->
    ?ASSERT_MATCH({ok, {127, 0, 0, 1}}, inet:parse_address("127.1")),
    ?ASSERT_MATCH({ok, {10, 1, 0, 2}}, inet:parse_address("10.1.2")),
    ?ASSERT_MATCH({ok, {1, 2, 3, 4}}, inet:parse_address("16909060")),
    ?ASSERT_MATCH({ok, {127, 0, 0, 1}}, inet:parse_address("0x7f.1")),
    ?ASSERT_MATCH({ok, {8, 0, 0, 1}}, inet:parse_address("010.0.0.1")),
    ?ASSERT_MATCH({ok, {1, 2, 255, 255}}, inet:parse_address("1.2.65535")),
    ?ASSERT_MATCH({error, einval}, inet:parse_address("1.2.3.256")),
    ?ASSERT_MATCH({error, einval}, inet:parse_address("08.1.1.1")),
    ?ASSERT_MATCH({error, einval}, inet:parse_address("1.2.3.4.5")),
    ?ASSERT_MATCH({error, einval}, inet:parse_address("-1.2.3.4")),
    ?ASSERT_MATCH({error, einval}, inet:parse_address("4294967296")),
    ?ASSERT_MATCH({error, einval}, inet:parse_address("")),
    ?ASSERT_MATCH({error, einval}, inet:parse_ipv4strict_address("127.1")),
    ?ASSERT_MATCH({error, einval}, inet:parse_ipv4strict_address("010.0.0.1")),
    ?ASSERT_MATCH({ok, {1, 2, 3, 4}}, inet:parse_ipv4strict_address("1.2.3.4")),
    ?ASSERT_MATCH({error, einval}, inet:parse_strict_address("127.1")),
    ?ASSERT_MATCH({ok, {0, 0, 0, 0, 0, 65535, 2048, 1}}, inet:parse_ipv6_address("010.0.0.1")),
    ?ASSERT_MATCH({error, einval}, inet:parse_ipv6_address("::ffff:127.1")),
    ?ASSERT_MATCH({ok, {0, 0, 0, 0, 0, 65535, 258, 772}}, inet:parse_address("::ffff:1.2.3.4")),
    ?ASSERT_MATCH({error, einval}, inet:parse_ipv6strict_address("1.2.3.4")),
    ok.
