/** The WHERE clause of the wall's query, shared by both databases (only placeholders differ). */
import { dayBounds, type WinsFilter } from './types';

export function winsWhere(
  filter: WinsFilter,
  placeholder: (index: number) => string,
): { sql: string; params: unknown[] } {
  const clauses = ['withdrawn = FALSE'];
  const params: unknown[] = [];
  const add = (column: string, operator: string, value: unknown) => {
    params.push(value);
    clauses.push(`${column} ${operator} ${placeholder(params.length)}`);
  };
  const { from, to } = dayBounds(filter);
  if (filter.team !== undefined) add('team', '=', filter.team);
  if (filter.outcomeType) add('outcome_type', '=', filter.outcomeType);
  if (filter.stages) {
    const marks = filter.stages.map((stage) => {
      params.push(stage);
      return placeholder(params.length);
    });
    clauses.push(marks.length ? `stage IN (${marks.join(', ')})` : 'FALSE');
  }
  if (from) add('happened_on', '>=', from);
  if (to) add('happened_on', '<=', to);
  if (filter.captureId) add('id', '=', filter.captureId);
  if (filter.after) {
    // Keyset pagination in the ORDER BY of both stores: each page costs the same, however deep.
    const { happenedOn, receivedAt, id } = filter.after;
    const p = (value: string) => {
      params.push(value);
      return placeholder(params.length);
    };
    clauses.push(
      `(happened_on < ${p(happenedOn)} OR (happened_on = ${p(happenedOn)} AND ` +
        `(received_at < ${p(receivedAt)} OR (received_at = ${p(receivedAt)} AND id > ${p(id)}))))`,
    );
  }
  return { sql: clauses.join(' AND '), params };
}
