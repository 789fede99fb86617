// Lua scripts return a hash as HGETALL does inside Redis: a flat [field, value, field, value…]
// array. This turns it into an object.

export function fieldsOf(flat: string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i]!] = flat[i + 1]!;
  return fields;
}
