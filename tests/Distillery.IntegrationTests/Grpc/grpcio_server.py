"""A foreign gRPC server (Python grpcio, C core) for testing Distillery's client.

Serves distillery.test.v1.Interop on raw protobuf bytes (no generated code): Echo returns the
request unchanged, Split streams the request back three times, Join answers a request stream
with its values joined by '+', Shout answers each request of a bidirectional stream with its
value upper-cased as it arrives, Reject aborts with INVALID_ARGUMENT and a non-ASCII message,
Wait sleeps past any short deadline. Prints the port it bound on loopback, then serves until
its stdin closes.
"""
import sys
import time
from concurrent import futures

import grpc

from protowire import encode_varint, varint


def text_value(message):
    """Text.value (field 1, a string) of a serialized Text; other fields are skipped."""
    i, value = 0, ""
    while i < len(message):
        key, i = varint(message, i)
        length, i = varint(message, i)  # Text has only length-delimited fields.
        if key >> 3 == 1:
            value = message[i:i + length].decode()
        i += length
    return value


def text(value):
    """A serialized Text with only its value set."""
    data = value.encode()
    return b"\x0a" + encode_varint(len(data)) + data


def echo(request, context):
    return request


def split(request, context):
    for _ in range(3):
        yield request


def join(requests, context):
    return text("+".join(text_value(request) for request in requests))


def shout(requests, context):
    for request in requests:
        yield text(text_value(request).upper())


def reject(request, context):
    context.abort(grpc.StatusCode.INVALID_ARGUMENT, "value: rejected by grpcio ünïcödé")


def wait(request, context):
    time.sleep(5)
    return request


def main():
    handlers = {
        "Echo": grpc.unary_unary_rpc_method_handler(echo),
        "Split": grpc.unary_stream_rpc_method_handler(split),
        "Join": grpc.stream_unary_rpc_method_handler(join),
        "Shout": grpc.stream_stream_rpc_method_handler(shout),
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
