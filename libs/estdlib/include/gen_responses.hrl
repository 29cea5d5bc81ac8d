%% The answers to asynchronous calls (OTP 25's API), the same in gen_server, gen_statem and
%% gen_event, which include this file and export these functions; each makes its requests
%% with send_request functions of its own. The work is gen's.

wait_response(ReqId, Timeout) -> gen:wait_response(ReqId, Timeout).
wait_response(Coll, Timeout, Delete) -> gen:wait_response(Coll, Timeout, Delete).
receive_response(ReqId, Timeout) -> gen:receive_response(ReqId, Timeout).
receive_response(Coll, Timeout, Delete) -> gen:receive_response(Coll, Timeout, Delete).
check_response(Msg, ReqId) -> gen:check_response(Msg, ReqId).
check_response(Msg, Coll, Delete) -> gen:check_response(Msg, Coll, Delete).
reqids_new() -> gen:reqids_new().
reqids_size(Coll) -> gen:reqids_size(Coll).
reqids_add(ReqId, Label, Coll) -> gen:reqids_add(ReqId, Label, Coll).
reqids_to_list(Coll) -> gen:reqids_to_list(Coll).
