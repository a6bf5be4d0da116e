// The CSV a console table exports (shared/csv.js).
import assert from "node:assert/strict";
import { test } from "node:test";
import { toCsv } from "../shared/csv.js";

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
