#!/usr/bin/env python3
"""A Distillery Jobs API client in Python grpcio, written from the .proto files alone.

It compiles protos/ with protoc (Debian: protobuf-compiler) into a temporary folder, then:
lists the server's services by server reflection (grpc.reflection.v1alpha), submits a small
two-class job (human labels with simulated teacher noise, a TF-IDF student), watches its
events until it ends, and fetches its JSON report. Prints one JSON object on stdout.

    python3 distillery_client.py --target 127.0.0.1:5001 --token "$DISTILLERY_TOKEN"

Needs python3-grpcio and python3-protobuf (4.21, as Debian 12 ships them) and protoc.
"""
import argparse
import importlib
import importlib.util
import json
import os
import subprocess
import sys
import tempfile

import grpc

HERE = os.path.dirname(os.path.abspath(__file__))
TERMINAL_JOB_STATES = {"COMPLETED", "FAILED", "CANCELLED"}
SPORT = ["match", "goal", "team", "coach", "season", "league", "striker", "referee"]
MONEY = ["bank", "loan", "market", "shares", "profit", "budget", "interest", "investor"]


def compile_protos(protos):
    """protoc --python_out for the contracts this client uses; returns the modules by short name."""
    out = tempfile.mkdtemp(prefix="distillery-pb2-")
    files = ["distillery/v1/common.proto", "distillery/v1/jobs.proto", "grpc/reflection/v1alpha/reflection.proto"]
    subprocess.run(["protoc", f"--proto_path={protos}", f"--python_out={out}", *files], check=True)
    sys.path.insert(0, out)
    return {
        "common": importlib.import_module("distillery.v1.common_pb2"),
        "jobs": importlib.import_module("distillery.v1.jobs_pb2"),
        # By path: "grpc." would name grpcio's own package.
        "reflection": load(os.path.join(out, "grpc", "reflection", "v1alpha", "reflection_pb2.py"), "distillery_client_reflection_pb2"),
    }


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def method(channel, kind, path, request_type, response_type):
    """A callable for one RPC: grpcio's generic multicallables, typed by the compiled messages."""
    factory = getattr(channel, kind)
    return factory(path, request_serializer=request_type.SerializeToString, response_deserializer=response_type.FromString)


def list_services(channel, pb):
    reflection = pb["reflection"]
    call = method(channel, "stream_stream", "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
                  reflection.ServerReflectionRequest, reflection.ServerReflectionResponse)
    responses = call(iter([reflection.ServerReflectionRequest(list_services="*")]), timeout=30)
    return sorted(service.name for response in responses for service in response.list_services_response.service)


def job_spec(pb, name, documents):
    common = pb["common"]
    task = common.TaskSpec(
        name="sport-or-money",
        codebook=common.Codebook(
            instructions="Is the news item about sport or money?",
            labels=[common.LabelDefinition(name="sport", definition="Games, teams, players."),
                    common.LabelDefinition(name="money", definition="Banks, markets, budgets.")],
            positive_label="sport"),
        splits=common.SplitSpec(validation=common.SplitSize(count=30), training_pool=common.SplitSize(count=60), test=common.SplitSize(count=60)),
        seed=1)
    for i in range(documents):
        words = SPORT if i % 2 == 0 else MONEY
        text = " ".join(words[(i * 3 + k) % len(words)] for k in range(6))
        task.documents.add(id=f"d{i:03}", text=f"news {i}: {text}", human_label="sport" if i % 2 == 0 else "money")
    return common.JobSpec(
        name=name, seed=11, tasks=[task],
        teacher=common.Component(kind="simulated", settings={"false_positive_rate": "0.1", "false_negative_rate": "0.05"}),
        students=[common.Component(kind="tfidf-logreg", settings={"min_df": "1"})],
        arms=["human-student", "teacher-student", "teacher"],
        bootstrap_resamples=200)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", required=True, help="host:port of the Coordinator's gRPC port (plaintext HTTP/2)")
    parser.add_argument("--token", default=os.environ.get("DISTILLERY_TOKEN"), help="bearer token (default: $DISTILLERY_TOKEN)")
    parser.add_argument("--protos", default=os.path.join(HERE, "..", "..", "protos"), help="the protos/ folder")
    parser.add_argument("--name", default="grpcio-outside-client")
    parser.add_argument("--documents", type=int, default=150)
    parser.add_argument("--timeout", type=float, default=600, help="seconds to wait for the job to end")
    args = parser.parse_args()

    pb = compile_protos(os.path.abspath(args.protos))
    jobs = pb["jobs"]
    metadata = [("authorization", f"Bearer {args.token}")] if args.token else []
    with grpc.insecure_channel(args.target) as channel:
        services = list_services(channel, pb)
        submit = method(channel, "unary_unary", "/distillery.v1.Jobs/Submit", jobs.SubmitJobRequest, jobs.SubmitJobResponse)
        watch = method(channel, "unary_stream", "/distillery.v1.Jobs/Watch", jobs.WatchJobRequest, jobs.JobEvent)
        get = method(channel, "unary_unary", "/distillery.v1.Jobs/Get", jobs.GetJobRequest, jobs.Job)
        report = method(channel, "unary_unary", "/distillery.v1.Jobs/GetReport", jobs.GetReportRequest, jobs.Report)

        job_id = submit(jobs.SubmitJobRequest(spec=job_spec(pb, args.name, args.documents)), metadata=metadata, timeout=300).job_id
        events, last_sequence, state = 0, 0, "JOB_STATE_UNSPECIFIED"
        # Watch resumes after the last event seen, so a dropped stream loses nothing.
        while state not in TERMINAL_JOB_STATES:
            try:
                for event in watch(jobs.WatchJobRequest(job_id=job_id, after_sequence=last_sequence), metadata=metadata, timeout=args.timeout):
                    events += 1
                    last_sequence = event.sequence
                    state = jobs.JobState.Name(event.job_state)
                    if state in TERMINAL_JOB_STATES:
                        break
            except grpc.RpcError as error:
                if error.code() != grpc.StatusCode.UNAVAILABLE:
                    raise
            state = jobs.JobState.Name(get(jobs.GetJobRequest(job_id=job_id), metadata=metadata, timeout=60).state)

        job = get(jobs.GetJobRequest(job_id=job_id), metadata=metadata, timeout=60)
        result = {
            "services": services,
            "job_id": job_id,
            "state": jobs.JobState.Name(job.state),
            "events": events,
            "tasks": {task.task: pb["jobs"].TaskState.Name(task.state) for task in job.tasks},
        }
        if result["state"] == "COMPLETED":
            fetched = report(jobs.GetReportRequest(job_id=job_id, format=jobs.JSON), metadata=metadata, timeout=120)
            result["report_content_type"] = fetched.content_type
            result["report"] = json.loads(fetched.content.decode("utf-8"))
    json.dump(result, sys.stdout)
    print()
    return 0 if result["state"] == "COMPLETED" else 1


if __name__ == "__main__":
    sys.exit(main())
