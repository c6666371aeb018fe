// A foreign gRPC server (Node @grpc/grpc-js) for testing Distillery's client: serves
// distillery.test.v1.Interop (Echo, Split, Join, Shout, Reject, Wait) and distillery.v1.Students
// (Predict, PredictStream: "long" for texts over 10 characters, else "short") on loopback, prints
// the port, and serves until its stdin closes. Argument: the folder holding the .proto files.
const grpc = require("@grpc/grpc-js");
const loader = require("@grpc/proto-loader");
const path = require("path");

const protos = process.argv[2];
const load = (file) => grpc.loadPackageDefinition(loader.loadSync(path.join(protos, file), { includeDirs: [protos] }));
const test = load("interop_test.proto").distillery.test.v1;
const v1 = load("distillery/v1/students.proto").distillery.v1;

const predict = (request) => ({
  labels: request.texts.map((item) => {
    const long = item.text.length > 10;
    return { documentId: item.id, label: long ? "long" : "short", probabilities: long ? [0, 1] : [1, 0] };
  }),
  labelNames: ["short", "long"],
});

const server = new grpc.Server();
server.addService(test.Interop.service, {
  Echo: (call, callback) => callback(null, call.request),
  Split: (call) => {
    for (let i = 0; i < 3; i++) call.write(call.request);
    call.end();
  },
  Join: (call, callback) => {
    const values = [];
    call.on("data", (request) => values.push(request.value));
    call.on("end", () => callback(null, { value: values.join("+") }));
  },
  Shout: (call) => {
    call.on("data", (request) => call.write({ value: request.value.toUpperCase() }));
    call.on("end", () => call.end());
  },
  Reject: (call, callback) => callback({ code: grpc.status.INVALID_ARGUMENT, details: "value: rejected by grpc-js ünïcödé" }),
  Wait: (call, callback) => setTimeout(() => callback(null, call.request), 5000),
});
server.addService(v1.Students.service, {
  Predict: (call, callback) => callback(null, predict(call.request)),
  PredictStream: (call) => {
    call.on("data", (request) => call.write(predict(request)));
    call.on("end", () => call.end());
  },
});
server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error) throw error;
  process.stdout.write(`${port}\n`);
});
process.stdin.resume();
process.stdin.on("end", () => server.forceShutdown());
