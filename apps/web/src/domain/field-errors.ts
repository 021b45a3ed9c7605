// The API names what is wrong with a request by path (`name`, `condition.all[1].value`); a form
// shows each problem beside the field it names, and the rest above the form.

export interface FieldProblem {
  path: string;
  message: string;
}

export function isFieldProblems(value: unknown): value is FieldProblem[] {
  return (
    Array.isArray(value) &&
    value.every(
      (item) =>
        typeof item === 'object' &&
        item !== null &&
        typeof (item as FieldProblem).path === 'string' &&
        typeof (item as FieldProblem).message === 'string',
    )
  );
}

export interface FieldErrors {
  /** The first problem of each field the form has, by field name. */
  byField: Record<string, string>;
  /** Problems naming no field of the form (or the whole body), shown above it. */
  general: string[];
}

/**
 * Splits `problems` between `fields` (a field matches a path equal to it or starting with it
 * and then `.` or `[`) and the rest. The most specific field wins.
 */
export function assignFieldErrors(problems: readonly FieldProblem[], fields: readonly string[]): FieldErrors {
  const byLength = [...fields].sort((a, b) => b.length - a.length);
  const byField: Record<string, string> = {};
  const general: string[] = [];
  for (const problem of problems) {
    const field = byLength.find(
      (name) =>
        problem.path === name || problem.path.startsWith(`${name}.`) || problem.path.startsWith(`${name}[`),
    );
    if (field === undefined)
      general.push(problem.path ? `${problem.path}: ${problem.message}` : problem.message);
    else byField[field] ??= problem.message;
  }
  return { byField, general };
}
