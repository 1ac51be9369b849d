// Validates a state machine definition with AWS's own ASL language service (the AWS Toolkit's validator, which
// knows JSONata). Usage: node tests/infra/validate_asl.mjs DEFINITION.json -- prints each diagnostic, exits 1 on any.
import { readFileSync } from "node:fs";
import asl from "amazon-states-language-service";

const { getLanguageService, TextDocument } = asl;

const path = process.argv[2];
if (!path) {
  console.error("usage: node tests/infra/validate_asl.mjs DEFINITION.json");
  process.exit(2);
}
const text = readFileSync(path, "utf-8");
const document = TextDocument.create(`file://${path}`, "asl", 1, text);
const service = getLanguageService({});
const diagnostics = await service.doValidation(document, service.parseJSONDocument(document));
for (const { range, severity, message } of diagnostics) {
  console.log(`${path}:${range.start.line + 1}:${range.start.character + 1}: severity ${severity}: ${message}`);
}
process.exit(diagnostics.length === 0 ? 0 : 1);
