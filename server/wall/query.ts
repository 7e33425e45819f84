/** The wall's filters, read from the query string (shared by the page and the CSV download). */
import { OUTCOME_STAGES, OUTCOME_TYPES } from '../../lib/capture';
import type { RecognitionState, WinQuery } from '../storage/recognition';
import { MONTH, type OutcomeStage, type OutcomeType, type WinsFilter } from '../storage/types';

export interface WallQuery {
  team?: string;
  outcome?: OutcomeType;
  stage?: OutcomeStage;
  from?: string;
  to?: string;
  /** One capture: the link a receipt carries. */
  id?: string;
  /** '1': also wins that no reviewer has confirmed yet (the wall shows confirmed ones by default). */
  pending?: '1';
}

/** Unknown or malformed values are dropped: the page then shows everything that remains. */
export function parseWallQuery(get: (name: string) => string | undefined): WallQuery {
  const team = get('team')?.trim();
  const outcome = get('outcome');
  const stage = get('stage');
  const from = get('from');
  const to = get('to');
  const id = get('id');
  return {
    ...(team ? { team: team.slice(0, 200) } : {}),
    ...(OUTCOME_TYPES.includes(outcome as OutcomeType) ? { outcome: outcome as OutcomeType } : {}),
    ...(OUTCOME_STAGES.includes(stage as OutcomeStage) ? { stage: stage as OutcomeStage } : {}),
    ...(from && MONTH.test(from) ? { from } : {}),
    ...(to && MONTH.test(to) ? { to } : {}),
    ...(id && /^[0-9a-f-]{36}$/i.test(id) ? { id: id.toLowerCase() } : {}),
    ...(get('pending') === '1' ? { pending: '1' as const } : {}),
  };
}

/** A lost deal is not a win: the wall leaves `lost` out unless that stage is asked for. */
export const WALL_STAGES: readonly OutcomeStage[] = OUTCOME_STAGES.filter((s) => s !== 'lost');

export function toWinsFilter(query: WallQuery, limit: number): WinsFilter {
  return {
    team: query.team,
    outcomeType: query.outcome,
    stages: query.stage ? [query.stage] : WALL_STAGES,
    fromMonth: query.from,
    toMonth: query.to,
    captureId: query.id,
    limit,
  };
}

export function wallQueryString(query: WallQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * The wall shows confirmed wins; the switch adds those awaiting review, and a receipt's link shows
 * its win either way. Declined wins never reach the wall.
 */
export function toWinQuery(query: WallQuery, limit: number): WinQuery {
  const states: RecognitionState[] =
    query.pending || query.id ? ['confirmed', 'pending'] : ['confirmed'];
  return {
    team: query.team,
    outcomeType: query.outcome,
    stages: query.stage ? [query.stage] : WALL_STAGES,
    fromMonth: query.from,
    toMonth: query.to,
    captureId: query.id,
    states,
    limit,
  };
}
