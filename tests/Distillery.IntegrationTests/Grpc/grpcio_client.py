"""A foreign gRPC client (Python grpcio, C core) for the interop tests.

Reads calls as JSON on stdin: {"target": "host:port", "root_certificate": PEM|null, "calls":
[{"method": "/pkg.Svc/M", "shape": "unary|server_stream|client_stream|bidi", "requests":
[base64...], "timeout": seconds|null, "metadata": [[k, v]], "compression": "gzip"|null}]}. With a
root certificate the channel uses TLS trusting only it, else plaintext HTTP/2. Messages travel
as raw protobuf bytes, so framing, headers and trailers are all grpcio's own. Writes one result
per call: status code name, details, the rich status (grpc-status-details-bin, base64) and the
responses (base64).
"""
import base64
import json
import sys
from concurrent.futures import ThreadPoolExecutor

import grpc


def run(channel, call):
    identity = dict(request_serializer=None, response_deserializer=None)
    requests = [base64.b64decode(r) for r in call["requests"]]
    options = {"timeout": call.get("timeout"), "metadata": [tuple(m) for m in call.get("metadata", [])]}
    if call.get("compression") == "gzip":
        options["compression"] = grpc.Compression.Gzip
    shape = call["shape"]
    try:
        if shape == "unary":
            responses = [channel.unary_unary(call["method"], **identity)(requests[0], **options)]
        elif shape == "server_stream":
            responses = list(channel.unary_stream(call["method"], **identity)(requests[0], **options))
        elif shape == "client_stream":
            responses = [channel.stream_unary(call["method"], **identity)(iter(requests), **options)]
        else:
            responses = list(channel.stream_stream(call["method"], **identity)(iter(requests), **options))
        return {"code": "OK", "details": "", "responses": [base64.b64encode(r).decode() for r in responses]}
    except grpc.RpcError as error:
        rich = [value for key, value in error.trailing_metadata() or () if key == "grpc-status-details-bin"]
        status_details = base64.b64encode(rich[0]).decode() if rich else None
        return {"code": error.code().name, "details": error.details() or "", "status_details": status_details, "responses": []}


def main():
    job = json.load(sys.stdin)
    channel_options = [("grpc.max_receive_message_length", 64 * 1024 * 1024), ("grpc.max_send_message_length", 64 * 1024 * 1024)]
    root = job.get("root_certificate")
    channel = (grpc.secure_channel(job["target"], grpc.ssl_channel_credentials(root_certificates=root.encode()), options=channel_options)
               if root else grpc.insecure_channel(job["target"], options=channel_options))
    with channel:
        if job.get("concurrent"):
            with ThreadPoolExecutor(max_workers=32) as pool:
                results = list(pool.map(lambda call: run(channel, call), job["calls"]))
        else:
            results = [run(channel, call) for call in job["calls"]]
    json.dump({"results": results}, sys.stdout)


if __name__ == "__main__":
    main()
