// A grpcurl-style client (Node @grpc/grpc-js) for the reflection tests: knowing only the
// reflection protocol, it lists a server's services, fetches the file that declares a symbol
// (with the files it imports) and the file of a name, then builds a client from those
// descriptors alone and calls a method with it. Reads {"target", "protos", "symbol", "call":
// {"service", "method", "request"}} on stdin; prints what each reflection version answered and
// the call's result as JSON.
const grpc = require("@grpc/grpc-js");
const loader = require("@grpc/proto-loader");
const path = require("path");

const options = { keepCase: false, longs: String, enums: String, includeDirs: [] };

// The name of a serialized FileDescriptorProto: field 1, which serializers write first.
function fileName(bytes) {
  if (bytes[0] !== 0x0a) return "";
  let length = 0;
  let i = 1;
  for (let shift = 0; ; shift += 7) {
    const b = bytes[i++];
    length += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) break;
  }
  return bytes.subarray(i, i + length).toString("utf8");
}

// A google.protobuf.FileDescriptorSet: each FileDescriptorProto as field 1.
function descriptorSet(files) {
  const parts = [];
  for (const file of files) {
    const length = [];
    for (let n = file.length; ; n = Math.floor(n / 128)) {
      length.push((n % 128) | (n >= 128 ? 0x80 : 0));
      if (n < 128) break;
    }
    parts.push(Buffer.from([0x0a, ...length]), file);
  }
  return Buffer.concat(parts);
}

// Asks each question on one ServerReflectionInfo stream, waiting for each answer in turn.
async function ask(client, questions) {
  const call = client.ServerReflectionInfo();
  const pending = [];
  const answers = [];
  call.on("data", (response) => (pending.length ? pending.shift()(response) : answers.push(response)));
  const next = () => new Promise((resolve) => (answers.length ? resolve(answers.shift()) : pending.push(resolve)));
  const results = [];
  for (const question of questions) {
    call.write(question);
    results.push(await next());
  }
  call.end();
  return results;
}

async function main() {
  const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const output = {};
  let descriptors = [];
  for (const version of ["v1alpha", "v1"]) {
    const file = path.join(input.protos, "grpc", "reflection", version, "reflection.proto");
    const reflection = grpc.loadPackageDefinition(loader.loadSync(file, options)).grpc.reflection[version];
    const client = new reflection.ServerReflection(input.target, grpc.credentials.createInsecure());
    const [list, symbol, byName, unknown] = await ask(client, [
      { listServices: "" },
      { fileContainingSymbol: input.symbol },
      { fileByFilename: "distillery/v1/common.proto" },
      { fileContainingSymbol: "no.such.Symbol" },
    ]);
    client.close();
    descriptors = symbol.fileDescriptorResponse.fileDescriptorProto;
    output[version] = {
      services: list.listServicesResponse.service.map((service) => service.name),
      symbolFiles: descriptors.map(fileName),
      byName: byName.fileDescriptorResponse.fileDescriptorProto.map(fileName),
      unknown: unknown.errorResponse,
    };
  }

  // From here on only what reflection returned describes the service.
  const definition = grpc.loadPackageDefinition(loader.loadFileDescriptorSetFromBuffer(descriptorSet(descriptors), options));
  const Service = input.call.service.split(".").reduce((scope, name) => scope[name], definition);
  const client = new Service(input.target, grpc.credentials.createInsecure());
  output.call = await new Promise((resolve) =>
    client[input.call.method](input.call.request, (error, response) => resolve(error ? { code: error.code, details: error.details } : response)));
  client.close();
  process.stdout.write(JSON.stringify(output));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
