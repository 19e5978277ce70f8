// Malformed JSON is answered with the line and column where it first goes wrong.
import { describe, expect, it } from "vitest";
import { jsonErrorOffset } from "../src/http/json-position.ts";

describe("jsonErrorOffset", () => {
  it.each([
    ['{"a": 1, "b": [true, false, null, "x\\n\\u00e9", -1.5e3, {}, []]}', -1],
    ["[]", -1],
    [' "s" ', -1],
    ['{"a": }', 6],
    ['{"a": 1,}', 8],
    ['{"a" 1}', 5],
    ["{'a': 1}", 1],
    ['{"a": 1} trailing', 9],
    ['{"a": "unterminated', 6],
    ['{"a": [1, 2', 11],
    ["", 0],
    ["{".repeat(10000), 1],
    ['{"a": 01}', 7],
    ['{"a": "tab\there"}', 6],
  ])("%j -> %i", (text, expected) => {
    expect(jsonErrorOffset(text)).toBe(expected);
    expect(expected === -1).toBe(
      (() => {
        try {
          JSON.parse(text);
          return true;
        } catch {
          return false;
        }
      })(),
    );
  });
});
