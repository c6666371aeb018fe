"""The peer server for make bench-grpc: Python grpcio (C core) serving distillery.bench.v1.Bench
on raw bytes. Echo returns the request; Stream sends back `count` messages of the request's
size. Prints its loopback port, serves until stdin closes."""
import sys
from concurrent import futures

import grpc

from protowire import varint


def echo(request, context):
    return request


def read_count(message):
    # Payload{data=1 (bytes), count=2 (varint)}: skip length-delimited fields, read field 2.
    i, count = 0, 1
    while i < len(message):
        key, i = varint(message, i)
        field, wire = key >> 3, key & 7
        value, i = varint(message, i)
        if wire == 2:
            i += value
        elif field == 2:
            count = value
    return count


def stream(request, context):
    for _ in range(read_count(request)):
        yield request


def main():
    handlers = {
        "Echo": grpc.unary_unary_rpc_method_handler(echo),
        "Stream": grpc.unary_stream_rpc_method_handler(stream),
    }
    options = [("grpc.max_receive_message_length", 64 << 20), ("grpc.max_send_message_length", 64 << 20)]
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=16), options=options)
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler("distillery.bench.v1.Bench", handlers),))
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print(port, flush=True)
    sys.stdin.read()
    server.stop(grace=None)


if __name__ == "__main__":
    main()
