"""Protobuf's varint, for the Python gRPC peers that handle messages as raw bytes (no generated
code): grpcio_server.py in the interop tests and grpcio_bench_server.py in make bench-grpc.
Copied beside each script, which imports it from its own folder."""


def varint(data, i):
    """The varint at data[i]: its value and the index after it."""
    value, shift = 0, 0
    while True:
        b = data[i]
        i += 1
        value |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return value, i


def encode_varint(value):
    """The bytes of a non-negative varint."""
    out = bytearray()
    while True:
        out.append((value & 0x7F) | (0x80 if value > 0x7F else 0))
        value >>= 7
        if not value:
            return bytes(out)
