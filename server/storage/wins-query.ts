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
    // Keyset pagination along the stores' ORDER BY and index (sourced_captures_order): each page
    // is a range read of the index, however deep into the list.
    const { happenedOn, receivedAt, id } = filter.after;
    const marks = [happenedOn, receivedAt, id].map((value) => {
      params.push(value);
      return placeholder(params.length);
    });
    clauses.push(`(happened_on, received_at, id) < (${marks.join(', ')})`);
  }
  return { sql: clauses.join(' AND '), params };
}
