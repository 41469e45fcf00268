// Prints the suite totals from jest's --json reports as one plain line: "N passed, N failed".
const fs = require('node:fs');
const path = require('node:path');
const dir = process.argv[2];
let passed = 0, failed = 0, pending = 0;
for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.json'))) {
  const r = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
  passed += r.numPassedTests; failed += r.numFailedTests; pending += r.numPendingTests + r.numTodoTests;
  process.stdout.write(`${path.basename(f, '.json')}: ${r.numPassedTests} passed, ${r.numFailedTests} failed in ${r.numTotalTestSuites} suites\n`);
}
process.stdout.write(`${passed} passed, ${failed} failed${pending ? `, ${pending} skipped` : ''}\n`);
process.exit(failed > 0 ? 1 : 0);
