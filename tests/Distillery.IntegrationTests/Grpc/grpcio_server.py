"""A foreign gRPC server (Python grpcio, C core) for testing Distillery's client.

Serves distillery.test.v1.Interop on raw protobuf bytes (no generated code): Echo returns the
request unchanged, Split streams the request back three times, Reject aborts with
INVALID_ARGUMENT and a non-ASCII message, Wait sleeps past any short deadline. Prints the port
it bound on loopback, then serves until its stdin closes.
"""
import sys
import time
from concurrent import futures

import grpc


def echo(request, context):
    return request


def split(request, context):
    for _ in range(3):
        yield request


def reject(request, context):
    context.abort(grpc.StatusCode.INVALID_ARGUMENT, "value: rejected by grpcio ünïcödé")


def wait(request, context):
    time.sleep(5)
    return request


def main():
    handlers = {
        "Echo": grpc.unary_unary_rpc_method_handler(echo),
        "Split": grpc.unary_stream_rpc_method_handler(split),
        "Reject": grpc.unary_unary_rpc_method_handler(reject),
        "Wait": grpc.unary_unary_rpc_method_handler(wait),
    }
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler("distillery.test.v1.Interop", handlers),))
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print(port, flush=True)
    sys.stdin.read()
    server.stop(grace=None)


if __name__ == "__main__":
    main()
