// Builds dist/jobwire.js: the modules of src/ in one ES module file, for a page to load as is
// (<script type="module">) and for the front end to serve at /jobwire.js. No dependencies: the
// modules import only each other, so joining them is dropping those imports and keeping the
// exports of index.js.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const ORDER = ["errors.js", "emitter.js", "backoff.js", "run.js", "client.js"];

export function build() {
  const { version } = JSON.parse(readFileSync(join(here, "package.json"), "utf8"));
  const parts = ORDER.map((name) => {
    const text = readFileSync(join(here, "src", name), "utf8")
      .replace(/^import [^;]+;\n/gm, "")
      .replace(/^export (class|function|const) /gm, "$1 ");
    return "// ---- " + name + "\n" + text.trim() + "\n";
  });
  const exports = readFileSync(join(here, "src", "index.js"), "utf8")
    .match(/^export \{([^}]+)\}/gm)
    .flatMap((line) => line.slice(line.indexOf("{") + 1, -1).split(",").map((s) => s.trim()));
  return [
    "// jobwire client " + version + " (built from clients/js/src by build.js; do not edit)",
    ...parts,
    "export { " + exports.join(", ") + " };",
    "",
  ].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(join(here, "dist"), { recursive: true });
  writeFileSync(join(here, "dist", "jobwire.js"), build());
  console.log("wrote dist/jobwire.js");
}
