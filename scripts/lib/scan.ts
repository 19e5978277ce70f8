// A lenient scanner for the JSON that language models write. It walks one object (or array) from
// its opening bracket, reads each string with strings.ts (models leave raw line breaks and
// unescaped quotes inside them, which jsonrepair misreads when a quote ends a line), re-emits every
// string as valid JSON, and finds where the object ends. The rest of the syntax (trailing or missing
// commas, unquoted names, closing a cut-off object) is left to jsonrepair; the scanner only records
// what it saw so that the tool can say what was repaired. Pure: runs in Node and workerd.
import { readString, skipSpace } from "./strings.ts";

export interface Member {
  key: string;
  /** Source index of the field name. */
  at: number;
  /** The value's text as emitted, trimmed. */
  value: string;
}

export interface Truncation {
  /** Where the text stopped: `body`, `authors[1].name`, or "" for the top level. */
  path: string;
  /** In a string value (kept and closed), in a field name or before a value (that field dropped), or elsewhere. */
  where: "string" | "name" | "member" | "item" | "other";
  /** The name of a dropped field, when there was one. */
  dropped?: string;
}

export interface Scan {
  /** The object's text with every string made valid JSON; other syntax as found. */
  text: string;
  /** Source index just after the closing bracket, or the source length when the text was cut off. */
  end: number;
  truncated?: Truncation;
  /** A quote taken as text although JSON-like syntax follows it: where the string ends is unclear. */
  unclear?: { path: string; stringAt: number; quoteAt: number };
  /** Kinds of repairs seen, in the order first seen: "trailing comma", "unescaped quotes"... */
  repairs: Set<string>;
  /** Top-level fields in order, repeated names included. */
  members: Member[];
  /** Source index of a position in `text`, for error messages. */
  sourceIndex(outPos: number): number;
}

interface Frame {
  kind: "object" | "array";
  state: "key" | "colon" | "value" | "comma";
  /** Output length where the current member starts (before its comma): dropping it cuts here. */
  memberStart: number;
  key?: string;
  keyAt?: number;
  valueOut?: number;
  index: number;
}

function formatPath(stack: Frame[]): string {
  let out = "";
  for (const f of stack) {
    if (f.kind === "array") out += `[${f.index}]`;
    else if (f.key !== undefined && f.state !== "key") out += out === "" ? f.key : `.${f.key}`;
  }
  return out;
}

/** Scans the object or array whose opening bracket is at `start` (or, with `virtualOpen`, a virtual `{` before it). */
export function scan(src: string, start: number, options: { virtualOpen?: boolean } = {}): Scan {
  const n = src.length;
  const repairs = new Set<string>();
  const members: Member[] = [];
  const map: number[] = []; // pairs: output position, source position
  const stack: Frame[] = [];
  let out = "";
  let i = start;
  let end = -1;
  let truncated: Truncation | undefined;
  let unclear: Scan["unclear"];
  let lastSignificant = "";

  const mark = () => map.push(out.length, i);
  const open = (kind: "object" | "array") => {
    out += kind === "object" ? "{" : "[";
    stack.push({ kind, state: kind === "object" ? "key" : "value", memberStart: out.length, index: 0 });
  };
  /** Records a finished top-level field (for repeated names). */
  const endMember = (f: Frame) => {
    if (f === stack[0] && f.kind === "object" && f.key !== undefined && f.valueOut !== undefined) {
      members.push({ key: f.key, at: f.keyAt ?? 0, value: out.slice(f.valueOut).trim() });
      f.valueOut = undefined;
    }
  };
  /** A value begins in the innermost frame: notes a missing comma. */
  const valueStarts = () => {
    const f = stack[stack.length - 1];
    if (!f) return;
    if (f.state === "comma") {
      repairs.add("missing commas");
      endMember(f);
      if (f.kind === "array") f.index++;
      else f.memberStart = out.length;
      f.state = f.kind === "object" ? "key" : "value";
    }
  };

  if (options.virtualOpen) {
    map.push(0, i);
    open("object");
  }

  while (i < n && end < 0) {
    const c = src[i] as string;
    const top = stack[stack.length - 1];
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      out += c;
      i++;
      continue;
    }
    mark();
    if (c === "/" && (src[i + 1] === "/" || src[i + 1] === "*")) {
      const close = src[i + 1] === "/" ? src.indexOf("\n", i) : src.indexOf("*/", i + 2);
      i = close < 0 ? n : src[i + 1] === "/" ? close : close + 2;
      repairs.add("comments");
      continue;
    }
    if (c === "{" || c === "[") {
      valueStarts();
      if (top?.kind === "object" && top.state === "colon") top.state = "value";
      open(c === "{" ? "object" : "array");
      i++;
    } else if (c === "}" || c === "]") {
      if (lastSignificant === ",") repairs.add("trailing comma");
      const f = stack[stack.length - 1];
      if (f) endMember(f);
      stack.pop();
      out += c;
      i++;
      const parent = stack[stack.length - 1];
      if (parent) parent.state = "comma";
      else end = i;
    } else if (c === ",") {
      if (top && top.state === "comma") {
        endMember(top);
        if (top.kind === "array") top.index++;
        else top.memberStart = out.length;
        top.state = top.kind === "object" ? "key" : "value";
      }
      out += c;
      i++;
    } else if (c === ":") {
      out += c;
      i++;
      if (top?.kind === "object" && top.state === "colon") {
        top.state = "value";
        top.valueOut = out.length;
      }
    } else if (c === '"' || c === "'") {
      valueStarts();
      const ctx = !top ? "value" : top.kind === "array" ? "element" : top.state === "key" ? "key" : "value";
      const at = i;
      const s = readString(src, i, ctx, repairs);
      i = s.end;
      if (s.unclearQuote !== undefined && !unclear) {
        const path = formatPath(stack) + (ctx === "key" ? `${stack.length > 1 ? "." : ""}${s.value}` : "");
        unclear = { path, stringAt: at, quoteAt: s.unclearQuote };
      }
      if (s.cut) {
        const path = formatPath(stack);
        if (ctx === "key" && top) {
          // A cut field name is dropped with its member.
          truncated = { path, where: "name", dropped: s.value };
          out = out.slice(0, top.memberStart);
        } else if (ctx === "element" && top) {
          // A cut list item ("renov" of "renovation") is dropped: a partial keyword is not one.
          truncated = { path: path.replace(/\[\d+\]$/, ""), where: "item", dropped: s.value };
          out = out.slice(0, map[map.length - 2]).replace(/,\s*$/, "");
        } else {
          out += s.json;
          truncated = { path, where: "string" };
        }
        break;
      }
      out += s.json;
      if (top?.kind === "object" && top.state === "key") {
        top.key = s.value;
        top.keyAt = at;
        top.state = "colon";
      } else if (top) {
        if (top.state === "colon") top.valueOut = out.length - s.json.length;
        top.state = "comma";
      }
    } else {
      // A bare word: a number, a literal, an unquoted name or an unquoted text value.
      const isKey = top?.kind === "object" && (top.state === "key" || top.state === "comma");
      valueStarts();
      const re = isKey ? /[^\s:,{}[\]"']+/y : /[^,{}[\]\n"']+/y;
      re.lastIndex = i;
      const word = (re.exec(src)?.[0] ?? c).trimEnd();
      i += word.length;
      out += word;
      if (isKey && top) {
        if (/^[A-Za-z_$][\w$-]*$/.test(word) && src[skipSpace(src, i)] === ":")
          repairs.add("unquoted field names");
        top.key = word;
        top.keyAt = i - word.length;
        top.state = "colon";
      } else {
        if (/^(?:True|False|None)$/.test(word)) repairs.add("Python True/False/None");
        else if (!/^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)$/.test(word) && i < n)
          repairs.add("unquoted text");
        if (top?.state === "colon") top.valueOut = out.length - word.length;
        if (top) top.state = "comma";
      }
    }
    lastSignificant = c;
  }

  if (end < 0) {
    end = n;
    const top = stack[stack.length - 1];
    if (!truncated) {
      truncated = { path: formatPath(stack), where: "other" };
      if (top?.kind === "object" && (top.state === "colon" || top.state === "value")) {
        truncated = { path: formatPath(stack.slice(0, -1)), where: "member", dropped: top.key };
        out = out.slice(0, top.memberStart);
      }
    }
    if (stack.length === 1 && stack[0]) endMember(stack[0]);
  }

  return {
    text: out,
    end,
    repairs,
    members,
    ...(truncated ? { truncated } : {}),
    ...(unclear ? { unclear } : {}),
    sourceIndex(outPos: number) {
      let lo = 0;
      let hi = map.length / 2 - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((map[mid * 2] as number) <= outPos) lo = mid;
        else hi = mid - 1;
      }
      return (map[lo * 2 + 1] ?? start) + Math.max(0, outPos - (map[lo * 2] ?? 0));
    },
  };
}
