// Minimal test harness: named checks, pass/fail/skip counts, closing summary line.

export class Harness {
  constructor(name) {
    this.name = name;
    this.passed = 0;
    this.failed = 0;
    this.skipped = 0;
    this.warnings = 0;
    this.failures = [];
    this.prefix = '';
    this.verbose = !!process.env.OR_CONFORMANCE_VERBOSE;
  }

  group(prefix) { this.prefix = prefix ? `[${prefix}] ` : ''; }

  pass(what) {
    this.passed++;
    if (this.verbose) console.log(`ok   ${this.prefix}${what}`);
  }

  fail(what, details = []) {
    this.failed++;
    const lines = Array.isArray(details) ? details : [String(details)];
    this.failures.push(`${this.prefix}${what}`);
    console.log(`FAIL ${this.prefix}${what}`);
    for (const l of lines.slice(0, 15)) console.log(`       ${l}`);
    if (lines.length > 15) console.log(`       ... (${lines.length - 15} more lines)`);
  }

  skip(what, why) {
    this.skipped++;
    console.log(`skip ${this.prefix}${what}: ${why}`);
  }

  warn(what, details = []) {
    this.warnings++;
    const lines = Array.isArray(details) ? details : [String(details)];
    console.log(`warn ${this.prefix}${what}`);
    for (const l of lines.slice(0, 6)) console.log(`       ${l}`);
    if (lines.length > 6) console.log(`       ... (${lines.length - 6} more)`);
  }

  info(msg) { console.log(`     ${this.prefix}${msg}`); }

  // check(what, boolean|string[]|null): true / [] / null = pass, false / non-empty list = fail.
  check(what, result, details) {
    if (result === true || result === null || result === undefined || (Array.isArray(result) && result.length === 0)) {
      this.pass(what);
      return true;
    }
    this.fail(what, Array.isArray(result) ? result : (details ?? []));
    return false;
  }

  // Run an async step; an exception is one failure.
  async step(what, fn) {
    try {
      const r = await fn();
      return r;
    } catch (e) {
      this.fail(`${what}: threw ${e?.name || 'Error'}`, describeError(e));
      return undefined;
    }
  }

  summary() {
    const extra = [];
    if (this.skipped) extra.push(`${this.skipped} skipped`);
    if (this.warnings) extra.push(`${this.warnings} warnings`);
    console.log(`${this.name}: ${this.passed} passed, ${this.failed} failed${extra.length ? ', ' + extra.join(', ') : ''}`);
    return this.failed === 0 ? 0 : 1;
  }
}

export function describeError(e) {
  if (!e) return ['(no error object)'];
  const out = [];
  out.push(`${e.name || 'Error'}: ${String(e.message || e).split('\n').slice(0, 3).join(' / ')}`);
  if (e.statusCode !== undefined) out.push(`HTTP status ${e.statusCode}`);
  // SDK validation errors: show the zod issues (path + message)
  const cause = e.cause;
  const issues = cause?.issues || cause?.errors;
  if (Array.isArray(issues)) {
    for (const i of issues.slice(0, 10)) {
      out.push(`zod: ${(i.path || []).join('.')}: ${i.message}${i.code ? ' (' + i.code + ')' : ''}`);
    }
    if (issues.length > 10) out.push(`zod: ... ${issues.length - 10} more issues`);
  } else if (cause) {
    out.push(`cause: ${cause.name || ''} ${String(cause.message || cause).slice(0, 300)}`);
  }
  if (typeof e.body === 'string') out.push(`body: ${e.body.slice(0, 300)}`);
  return out;
}
