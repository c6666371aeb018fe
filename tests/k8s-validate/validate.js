#!/usr/bin/env node
// Offline checks of Distillery's Kubernetes manifests, with pinned packages (package-lock.json):
//
//   node validate.js manifests FILE.yaml...       rendered objects (kubectl kustomize output, plain manifests)
//   node validate.js values SCHEMA.json values.yaml [EXAMPLE.yaml...]   the chart's values, alone and with
//                                                   each example file over them, against values.schema.json
//
// "manifests" checks every object twice, against the models of the Kubernetes 1.27 API and of the
// KEDA and Prometheus-operator CRDs (kubernetes-models, @kubernetes-models/*):
//   1. the models' JSON schemas (@kubernetes-models/validate): types, required fields, formats, enums;
//   2. TypeScript's excess-property check against the same models' type declarations, which the
//      schemas lack: a misspelt optional field (nodeSelecter, livenessprobe) is an error, not ignored.
// An object whose apiVersion/kind has no model is an error too, never skipped.
// Prints one JSON document on stdout ({ objects, errors }) and exits 1 when there is any error.
"use strict";

const fs = require("fs");
const path = require("path");
const YAML = require("yaml");

// apiVersion group -> the package folder holding its models.
const crdPackages = {
  "keda.sh": "@kubernetes-models/keda",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};

function modelPath(apiVersion, kind) {
  const slash = apiVersion.indexOf("/");
  if (slash < 0) {
    return `kubernetes-models/${apiVersion}/${kind}`; // core group: "v1"
  }
  const group = apiVersion.slice(0, slash);
  const base = crdPackages[group] ?? "kubernetes-models";
  return `${base}/${apiVersion}/${kind}`;
}

function readDocuments(file) {
  const documents = YAML.parseAllDocuments(fs.readFileSync(file, "utf8"));
  const objects = [];
  for (const document of documents) {
    if (document.errors.length > 0) {
      throw new Error(`${file}: ${document.errors.map((e) => e.message).join("; ")}`);
    }
    const object = document.toJS();
    if (object !== null && object !== undefined) {
      objects.push(object);
    }
  }
  return objects;
}

function describe(object) {
  return `${object.kind ?? "?"}/${object.metadata?.name ?? "?"}`;
}

function schemaErrors(object) {
  let module;
  try {
    module = require(modelPath(object.apiVersion, object.kind));
  } catch {
    return [`no model for apiVersion ${object.apiVersion}, kind ${object.kind}`];
  }
  const Model = module[object.kind];
  if (typeof Model !== "function") {
    return [`no model for apiVersion ${object.apiVersion}, kind ${object.kind}`];
  }
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    return [String(error.message ?? error)];
  }
}

// TypeScript's excess-property and type checks, all objects in one program (one compile).
function typeErrors(objects) {
  const ts = require("typescript");
  const lines = [];
  const spans = []; // [firstLine, lastLine, index] of each object's literal
  objects.forEach((object, index) => {
    if (typeof object.apiVersion !== "string" || typeof object.kind !== "string") {
      return;
    }
    try {
      require.resolve(modelPath(object.apiVersion, object.kind));
    } catch {
      return; // reported by schemaErrors
    }
    lines.push(`import type { I${object.kind} as T${index} } from "${modelPath(object.apiVersion, object.kind)}";`);
    const literal = JSON.stringify(object, null, 1).split("\n");
    const first = lines.length;
    lines.push(`export const o${index}: T${index} = ${literal[0]}`, ...literal.slice(1, -1), `${literal[literal.length - 1]};`);
    spans.push([first, lines.length - 1, index]);
  });
  const fileName = path.join(__dirname, "__manifests__.ts");
  const source = lines.join("\n");
  const options = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    lib: ["lib.es2020.d.ts"],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => (path.resolve(name) === fileName ? source : readFile(name));
  host.fileExists = ((exists) => (name) => path.resolve(name) === fileName || exists(name))(host.fileExists.bind(host));
  host.getSourceFile = (name, languageVersion, ...rest) =>
    path.resolve(name) === fileName
      ? ts.createSourceFile(name, source, languageVersion, true)
      : getSourceFile(name, languageVersion, ...rest);
  const program = ts.createProgram([fileName], options, host);
  const byObject = new Map();
  const report = (line, message) => {
    const span = spans.find(([first, last]) => line >= first && line <= last);
    const index = span ? span[2] : -1;
    const where = span ? jsonPathAt(lines, span[0], line) : "";
    const list = byObject.get(index) ?? [];
    if (!list.includes(`${where ? where + ": " : ""}${message}`)) {
      list.push(`${where ? where + ": " : ""}${message}`);
    }
    byObject.set(index, list);
  };

  // Every field of every object literal against the type it is assigned to. The compiler's own
  // diagnostics stop at the first fault of a declaration; this walk reports each unknown field.
  const checker = program.getTypeChecker();
  const sourceFile = program.getSourceFile(fileName);
  const visit = (node) => {
    if (ts.isObjectLiteralExpression(node)) {
      const contextual = checker.getContextualType(node);
      const candidates = contextual ? (contextual.isUnion() ? contextual.types : [contextual]) : [];
      const objectTypes = candidates.filter((type) => (type.flags & ts.TypeFlags.Object) !== 0);
      const open = objectTypes.some((type) => checker.getIndexInfosOfType(type).length > 0);
      if (objectTypes.length > 0 && !open) {
        for (const property of node.properties) {
          const name = property.name && ts.isStringLiteral(property.name) ? property.name.text : undefined;
          if (name !== undefined && !objectTypes.some((type) => checker.getPropertyOfType(type, name))) {
            const { line } = sourceFile.getLineAndCharacterOfPosition(property.getStart(sourceFile));
            const known = objectTypes.map((type) => checker.typeToString(type)).join(" | ").slice(0, 60);
            report(line, `unknown field "${name}" (not in ${known})`);
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);

  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    if (!diagnostic.file || path.resolve(diagnostic.file.fileName) !== fileName) {
      continue;
    }
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ").replace(/\s+/g, " ");
    if (/Object literal may only specify known properties/.test(message)) {
      continue; // the walk above reports each of these
    }
    report(diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line, message);
  }
  return byObject;
}

// The chain of keys leading to a line of a JSON.stringify(..., 1) literal, for readable errors.
function jsonPathAt(lines, first, line) {
  const keys = [];
  let depth = indentOf(lines[line]);
  for (let i = line; i > first && depth > 0; i--) {
    const indent = indentOf(lines[i]);
    if (indent < depth || i === line) {
      const match = /^\s*"([^"]+)":/.exec(lines[i]);
      if (match && (i === line || indent < depth)) {
        keys.unshift(match[1]);
      }
      depth = Math.min(depth, indent);
    }
  }
  return keys.join(".");
}

function indentOf(text) {
  return text.length - text.trimStart().length;
}

function checkManifests(files) {
  const objects = files.flatMap((file) => readDocuments(file).map((object) => ({ object, file })));
  const errors = [];
  for (const { object, file } of objects) {
    for (const message of schemaErrors(object)) {
      errors.push({ object: describe(object), file, check: "schema", message });
    }
  }
  const typeChecks = typeErrors(objects.map(({ object }) => object));
  for (const [index, messages] of typeChecks) {
    for (const message of messages) {
      const entry = objects[index];
      errors.push({ object: entry ? describe(entry.object) : "?", file: entry?.file ?? "?", check: "fields", message });
    }
  }
  return { objects: objects.map(({ object, file }) => ({ apiVersion: object.apiVersion, kind: object.kind, name: object.metadata?.name, file })), errors };
}

// Helm validates the schema against the merged values: the chart's values.yaml with each -f file
// coalesced over it (maps merge key by key, anything else replaces, null removes the key).
function coalesce(base, override) {
  if (!isMap(base) || !isMap(override)) {
    return override === undefined ? base : override;
  }
  const merged = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === null) {
      delete merged[key];
    } else {
      merged[key] = coalesce(base[key], value);
    }
  }
  return merged;
}

function isMap(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function checkValues(schemaFile, defaultsFile, overrideFiles) {
  const Ajv = require("ajv");
  // Strict: a schema keyword ajv does not know is an error, not ignored (strictRequired off:
  // "required" may name keys of additionalProperties maps, such as requests.cpu).
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
  const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, "utf8")));
  const defaults = YAML.parse(fs.readFileSync(defaultsFile, "utf8")) ?? {};
  const errors = [];
  const checked = [];
  for (const file of [defaultsFile, ...overrideFiles]) {
    const values = file === defaultsFile ? defaults : coalesce(defaults, YAML.parse(fs.readFileSync(file, "utf8")) ?? {});
    checked.push({ file });
    if (!validate(values)) {
      for (const error of validate.errors) {
        const extra = error.params?.additionalProperty ? ` (${error.params.additionalProperty})` : "";
        errors.push({ file, check: "values-schema", message: `${error.instancePath || "/"} ${error.message}${extra}` });
      }
    }
  }
  return { objects: checked, errors };
}

function main(argv) {
  const [command, ...rest] = argv;
  let result;
  if (command === "manifests" && rest.length > 0) {
    result = checkManifests(rest);
  } else if (command === "values" && rest.length > 1) {
    result = checkValues(rest[0], rest[1], rest.slice(2));
  } else {
    process.stderr.write("usage: validate.js manifests FILE.yaml... | values SCHEMA.json values.yaml [EXAMPLE.yaml...]\n");
    return 2;
  }
  process.stdout.write(JSON.stringify(result, null, 2) + "\n");
  for (const error of result.errors) {
    process.stderr.write(`${error.file}: ${error.object ?? ""} [${error.check}] ${error.message}\n`);
  }
  return result.errors.length === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
