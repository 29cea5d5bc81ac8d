%% net: host name and name resolution, from the VM's `net` NIFs (docs/sockets.md).
%% The nif_* functions are native code in the VM: calls to them never run these bodies.
-module(net).

-export([getaddrinfo/1, getaddrinfo/2, gethostname/0]).
-export([nif_getaddrinfo/2, nif_gethostname/0]).

getaddrinfo(Host) ->
    getaddrinfo(Host, undefined).

getaddrinfo(Host, Service) ->
    nif_getaddrinfo(Host, Service).

gethostname() ->
    nif_gethostname().

nif_getaddrinfo(_Host, _Service) -> erlang:nif_error(undef).
nif_gethostname() -> erlang:nif_error(undef).
