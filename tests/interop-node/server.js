// A foreign gRPC server (Node @grpc/grpc-js) for testing Distillery's client: serves
// distillery.test.v1.Interop (Echo, Split, Reject, Wait) on loopback, prints the port, and
// serves until its stdin closes. Argument: the folder holding interop_test.proto.
const grpc = require("@grpc/grpc-js");
const loader = require("@grpc/proto-loader");
const path = require("path");

const protos = process.argv[2];
const test = grpc.loadPackageDefinition(loader.loadSync(path.join(protos, "interop_test.proto"))).distillery.test.v1;
const server = new grpc.Server();
server.addService(test.Interop.service, {
  Echo: (call, callback) => callback(null, call.request),
  Split: (call) => {
    for (let i = 0; i < 3; i++) call.write(call.request);
    call.end();
  },
  Reject: (call, callback) => callback({ code: grpc.status.INVALID_ARGUMENT, details: "value: rejected by grpc-js ünïcödé" }),
  Wait: (call, callback) => setTimeout(() => callback(null, call.request), 5000),
});
server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error) throw error;
  process.stdout.write(`${port}\n`);
});
process.stdin.resume();
process.stdin.on("end", () => server.forceShutdown());
