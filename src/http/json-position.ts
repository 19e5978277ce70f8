// Where JSON text first goes wrong. workerd's JSON.parse says what it expected but not where, and
// newsroom scripts (often relaying model output) need a line and column. A syntax-only scanner
// (RFC 8259 grammar) with an explicit stack, so deep nesting cannot overflow the call stack.

const WS = new Set([" ", "\t", "\n", "\r"]);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

/** Offset of the first syntax error in `text`, or -1 when it is valid JSON. */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const stack: ("{" | "[")[] = [];
  const skip = () => {
    while (i < text.length && WS.has(text[i] as string)) i++;
  };
  const match = (re: RegExp) => {
    re.lastIndex = i;
    if (!re.test(text)) return false;
    i = re.lastIndex;
    return true;
  };
  // After a value: a comma, a closing bracket, or (at top level) the end.
  const afterValue = (): number | undefined => {
    for (;;) {
      skip();
      const top = stack.at(-1);
      if (!top) return i === text.length ? -1 : i;
      const ch = text[i];
      if (ch === ",") {
        i++;
        skip();
        if (top === "{") {
          if (!match(STRING)) return i;
          skip();
          if (text[i] !== ":") return i;
          i++;
        }
        return undefined;
      }
      if ((top === "{" && ch === "}") || (top === "[" && ch === "]")) {
        stack.pop();
        i++;
        continue;
      }
      return i;
    }
  };
  for (;;) {
    skip();
    const ch = text[i];
    if (ch === "{") {
      i++;
      skip();
      if (text[i] === "}") {
        i++;
      } else {
        if (!match(STRING)) return i;
        skip();
        if (text[i] !== ":") return i;
        i++;
        stack.push("{");
        continue;
      }
    } else if (ch === "[") {
      i++;
      skip();
      if (text[i] === "]") i++;
      else {
        stack.push("[");
        continue;
      }
    } else if (ch === '"') {
      if (!match(STRING)) return i;
    } else if (text.startsWith("true", i)) i += 4;
    else if (text.startsWith("false", i)) i += 5;
    else if (text.startsWith("null", i)) i += 4;
    else if (!match(NUMBER)) return i;
    const end = afterValue();
    if (end !== undefined) return end;
  }
}
