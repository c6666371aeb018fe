// A foreign gRPC client (Node @grpc/grpc-js) for the interop tests. Reads
// {"target": "host:port", "protos": "<folder>", "token": "<bearer token>"} on stdin, runs a
// fixed script of calls against distillery.test.v1.Interop (with the token, and once without)
// and grpc.health.v1.Health, and prints one JSON object with each call's status code name,
// details, rich status details (grpc-status-details-bin, base64) and what came back.
const grpc = require("@grpc/grpc-js");
const loader = require("@grpc/proto-loader");
const path = require("path");

function load(protos, file) {
  return grpc.loadPackageDefinition(loader.loadSync(path.join(protos, file), { keepCase: false, longs: String, enums: String, includeDirs: [protos] }));
}

const codeName = (code) => Object.keys(grpc.status).find((name) => grpc.status[name] === code);

function failure(error) {
  const details = error.metadata && error.metadata.get("grpc-status-details-bin")[0];
  return { code: codeName(error.code), details: error.details, statusDetails: details ? details.toString("base64") : null };
}

// Adds the bearer token to every call of a client, as an application would.
const withToken = (token) => (options, nextCall) =>
  new grpc.InterceptingCall(nextCall(options), {
    start: (metadata, listener, next) => {
      metadata.set("authorization", `Bearer ${token}`);
      next(metadata, listener);
    },
  });

function unary(client, method, request, options = {}) {
  return new Promise((resolve) => {
    const metadata = new grpc.Metadata();
    for (const [key, value] of options.metadata || []) metadata.set(key, value);
    const callOptions = options.timeout ? { deadline: Date.now() + options.timeout * 1000 } : {};
    client[method](request, metadata, callOptions, (error, response) =>
      resolve(error ? failure(error) : { code: "OK", details: "", responses: [response] }));
  });
}

function serverStream(client, method, request) {
  return new Promise((resolve) => {
    const responses = [];
    const call = client[method](request);
    call.on("data", (response) => responses.push(response));
    call.on("error", (error) => resolve({ code: codeName(error.code), details: error.details }));
    call.on("end", () => resolve({ code: "OK", details: "", responses }));
  });
}

function clientStream(client, method, requests) {
  return new Promise((resolve) => {
    const call = client[method]((error, response) =>
      resolve(error ? { code: codeName(error.code), details: error.details } : { code: "OK", details: "", responses: [response] }));
    for (const request of requests) call.write(request);
    call.end();
  });
}

function bidi(client, method, requests) {
  return new Promise((resolve) => {
    const responses = [];
    const call = client[method]();
    call.on("data", (response) => responses.push(response));
    call.on("error", (error) => resolve({ code: codeName(error.code), details: error.details }));
    call.on("end", () => resolve({ code: "OK", details: "", responses }));
    for (const request of requests) call.write(request);
    call.end();
  });
}

async function main() {
  const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const test = load(input.protos, "interop_test.proto").distillery.test.v1;
  const health = load(input.protos, "grpc/health/v1/health.proto").grpc.health.v1;
  const options = { "grpc.max_receive_message_length": 64 << 20, "grpc.max_send_message_length": 64 << 20, interceptors: [withToken(input.token)] };
  const client = new test.Interop(input.target, grpc.credentials.createInsecure(), options);
  const anonymous = new test.Interop(input.target, grpc.credentials.createInsecure());
  const gzipClient = new test.Interop(input.target, grpc.credentials.createInsecure(), { ...options, "grpc.default_compression_algorithm": 2 });
  const healthClient = new health.Health(input.target, grpc.credentials.createInsecure());
  const results = {
    unary: await unary(client, "Echo", { value: "hello" }, { metadata: [["x-suffix", "!"]] }),
    serverStream: await serverStream(client, "Split", { value: "a b c" }),
    clientStream: await clientStream(client, "Join", [{ value: "x" }, { value: "y" }]),
    bidi: await bidi(client, "Shout", [{ value: "one" }, { value: "two" }]),
    invalid: await unary(client, "Reject", { value: "" }),
    validation: await unary(client, "Validate", { value: "" }),
    unauthenticated: await unary(anonymous, "Echo", { value: "no token" }),
    deadline: await unary(client, "Wait", {}, { timeout: 0.3 }),
    large: await unary(client, "Echo", { value: "big", padding: Buffer.alloc(8 << 20) }),
    tooLarge: await unary(client, "Echo", { value: "too big", padding: Buffer.alloc(10 << 20) }),
    gzip: await unary(gzipClient, "Echo", { value: "zipped", padding: Buffer.alloc(100000) }),
    concurrent: await Promise.all(Array.from({ length: 200 }, (_, i) => unary(client, "Echo", { value: `call ${i}` }))),
    health: await unary(healthClient, "Check", { service: "" }),
  };
  for (const key of ["large", "gzip"]) {
    if (results[key].responses) results[key].responses = results[key].responses.map((r) => ({ value: r.value, padding: r.padding.length }));
  }
  process.stdout.write(JSON.stringify(results));
  client.close();
  anonymous.close();
  gzipClient.close();
  healthClient.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
