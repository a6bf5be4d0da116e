// The CSV a console table exports (shared/csv.js).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { neutralise, toCsv } from "../shared/csv.js";

const CASES = JSON.parse(readFileSync(new URL("../../../tests/data/spreadsheet_cells.json", import.meta.url))).cases;

const COLUMNS = [
  ["name", "Nom"],
  ["count", "Nombre de « signalements »"],
];

test("semicolons, CRLF and a BOM, as French Excel opens it", () => {
  const csv = toCsv(COLUMNS, [{ name: "Muret", count: 12 }]);
  assert.equal(csv, "\ufeffNom;Nombre de « signalements »\r\nMuret;12\r\n");
});

test("separators, quotes and line breaks inside a cell are quoted; missing values are empty", () => {
  const csv = toCsv(COLUMNS, [
    { name: 'Le "Mirail"; Toulouse\nnord', count: null },
    { name: undefined, count: 0 },
  ]);
  assert.equal(csv.split("\r\n")[1], '"Le ""Mirail""; Toulouse\nnord";');
  assert.equal(csv.split("\r\n")[2], ";0");
});

test("a table without rows still has its header", () => {
  assert.equal(toCsv(COLUMNS, []), "\ufeffNom;Nombre de « signalements »\r\n");
});

test("every shared spreadsheet case gives what the server's rule gives", () => {
  assert.ok(CASES.length >= 30);
  const failures = CASES.filter((c) => !Object.is(neutralise(c.value), c.expected)).map((c) => c.note);
  assert.deepEqual(failures, []);
});

test("a resident's formula reaches the CSV inert, in a cell and in a header; numbers stay numbers", () => {
  const csv = toCsv(
    [
      ["text", "=Texte"],
      ["n", "Écart"],
    ],
    [
      { text: '=HYPERLINK("http://x";"Voir")', n: -3 },
      { text: "-3,5", n: -0.5 },
    ],
  );
  assert.deepEqual(csv.slice(1).split("\r\n"), [
    "'=Texte;Écart",
    '"\'=HYPERLINK(""http://x"";""Voir"")";-3',
    "-3,5;-0.5",
    "",
  ]);
});
