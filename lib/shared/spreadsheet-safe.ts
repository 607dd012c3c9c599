// Browser-safe. A spreadsheet runs a cell that starts with one of these as a formula (OWASP, "CSV
// Injection"). Files made to be opened in one (the view export, the audit export) give such a cell a
// leading ' (OWASP's rule: shown as text); files that go back to Zuora keep their cells as uploaded.
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}
