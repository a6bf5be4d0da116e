// Builds the two apps into dist/: the residents' app (hashed bundles, index.html, the service
// worker with the list of shell files it precaches, the manifest and icons), the console
// (console.html and its bundles), the Swagger UI files for /api/docs, and a .gz beside every text
// file (the backend serves those to clients that accept gzip). The output depends only on app/,
// console/, shared/ and the packages pinned by package-lock.json.
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync, constants } from "node:zlib";
import * as esbuild from "esbuild";

const here = new URL(".", import.meta.url).pathname;
const app = join(here, "app");
const shared = join(here, "shared");
const consoleDir = join(here, "console");
const dist = join(here, "dist");
const modules = join(here, "node_modules");
const TARGET = ["es2020", "chrome90", "firefox90", "safari15", "ios15"];

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, "assets"), { recursive: true });

// The survey engine (expressions, form run) is also an entry of its own, sharing its chunk with
// the app, so the browser tests hold in Chromium the very code the app runs to the server's.
const bundle = await esbuild.build({
  entryPoints: {
    app: join(app, "main.js"),
    engine: join(shared, "survey", "engine.js"),
    style: join(shared, "styles.css"),
    console: join(consoleDir, "main.js"),
    "console-style": join(consoleDir, "console.css"),
  },
  bundle: true,
  splitting: true,
  chunkNames: "chunk-[hash]",
  minify: true,
  format: "esm",
  target: TARGET,
  outdir: join(dist, "assets"),
  entryNames: "[name]-[hash]",
  assetNames: "[name]-[hash]",
  loader: { ".png": "file", ".svg": "file" },
  metafile: true,
  logLevel: "warning",
});
const outputs = Object.keys(bundle.metafile.outputs).map((p) => "/" + relative(dist, join(here, p)));
const appJs = outputs.find((p) => /\/app-[^/]+\.js$/.test(p));
const appCss = outputs.find((p) => /\/style-[^/]+\.css$/.test(p));
const consoleJs = outputs.find((p) => /\/console-[^/]+\.js$/.test(p));
const consoleCss = outputs.find((p) => /\/console-style-[^/]+\.css$/.test(p));
// The chunks an entry imports, directly or not (the console's own code stays out of the phone's shell).
function imports(entry, seen = new Set()) {
  for (const i of bundle.metafile.outputs[relative(here, join(dist, entry.slice(1)))].imports) {
    const path = "/" + relative(dist, join(here, i.path));
    if (i.kind === "import-statement" && !seen.has(path)) imports(path, seen.add(path));
  }
  return [...seen];
}
const chunks = imports(appJs);

const template = readFileSync(join(app, "index.html"), "utf8");
const preloads = chunks.map((path) => `<link rel="modulepreload" href="${path}">`).join("\n");
writeFileSync(
  join(dist, "index.html"),
  template.replace("%APP_JS%", appJs).replace("%APP_CSS%", appCss).replace("%PRELOAD%", preloads),
);
// The organisers' and analysts' console: the same foundations (session, API, map), its own page.
const consoleTemplate = readFileSync(join(consoleDir, "console.html"), "utf8");
writeFileSync(
  join(dist, "console.html"),
  consoleTemplate
    .replace("%APP_CSS%", appCss)
    .replace("%CONSOLE_JS%", consoleJs)
    .replace("%CONSOLE_CSS%", consoleCss)
    .replace(
      "%PRELOAD%",
      imports(consoleJs)
        .map((path) => `<link rel="modulepreload" href="${path}">`)
        .join("\n"),
    ),
);
cpSync(join(app, "manifest.webmanifest"), join(dist, "manifest.webmanifest"));
cpSync(join(app, "icons"), join(dist, "icons"), { recursive: true });

// What the app needs to start offline; Leaflet's unused images (layers, default markers) are left out.
const shell = [
  "/",
  appJs,
  ...chunks,
  appCss,
  "/manifest.webmanifest",
  ...readdirSync(join(dist, "icons")).map((name) => `/icons/${name}`),
];
const version = createHash("sha256");
for (const path of shell.slice(1)) version.update(path).update(readFileSync(join(dist, path)));
version.update(template);
await esbuild.build({
  entryPoints: [join(app, "sw.js")],
  bundle: true,
  minify: true,
  format: "iife",
  target: TARGET,
  outfile: join(dist, "sw.js"),
  define: {
    __SHELL__: JSON.stringify(shell),
    __VERSION__: JSON.stringify(version.digest("hex").slice(0, 16)),
  },
  logLevel: "warning",
});
writeFileSync(join(dist, "shell.json"), JSON.stringify([...shell, "/sw.js"], null, 1) + "\n");

// The interactive API docs, served locally so /api/docs works on a workshop laptop offline.
mkdirSync(join(dist, "swagger-ui"));
for (const name of ["swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "favicon-32x32.png"]) {
  cpSync(join(modules, "swagger-ui-dist", name), join(dist, "swagger-ui", name));
}

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}
for (const path of [...files(dist)]) {
  if (/\.(js|css|html|json|webmanifest|svg)$/.test(path)) {
    writeFileSync(path + ".gz", gzipSync(readFileSync(path), { level: constants.Z_BEST_COMPRESSION }));
  }
}
const size = shell.concat("/sw.js").reduce((sum, p) => {
  const file = join(dist, p === "/" ? "index.html" : p);
  return sum + statSync(file + (/\.(png)$/.test(p) ? "" : ".gz")).size;
}, 0);
console.log(`PWA construite dans dist/ : coquille de ${(size / 1024).toFixed(1)} Ko compressés (budget 200 Ko).`);
