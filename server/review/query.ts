/** The review page's filters and the notice after an action, read from the query string. */
import { OUTCOME_STAGES } from '../../lib/capture';
import { RECOGNITION_STATES, type RecognitionState, type WinQuery } from '../storage/recognition';
import type { OutcomeStage } from '../storage/types';

export interface ReviewQuery {
  team?: string;
  stage?: OutcomeStage;
  /** Default: the wins awaiting review. */
  state: RecognitionState | 'all';
}

export function parseReviewQuery(get: (name: string) => string | undefined): ReviewQuery {
  const team = get('team')?.trim();
  const stage = get('stage');
  const state = get('state');
  return {
    ...(team ? { team: team.slice(0, 200) } : {}),
    ...(OUTCOME_STAGES.includes(stage as OutcomeStage) ? { stage: stage as OutcomeStage } : {}),
    state:
      state === 'all' || RECOGNITION_STATES.includes(state as RecognitionState)
        ? (state as RecognitionState | 'all')
        : 'pending',
  };
}

export function toReviewWinQuery(query: ReviewQuery, limit: number): WinQuery {
  return {
    team: query.team,
    ...(query.stage ? { stages: [query.stage] } : {}),
    ...(query.state === 'all' ? {} : { states: [query.state] }),
    limit,
  };
}

export function reviewQueryString(query: ReviewQuery): string {
  const params = new URLSearchParams();
  if (query.team) params.set('team', query.team);
  if (query.stage) params.set('stage', query.stage);
  if (query.state !== 'pending') params.set('state', query.state);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * The words after a decision. Built from numbers and fixed words only: nothing from the query
 * string reaches the page but these.
 */
export function noticeOf(get: (name: string) => string | undefined): string | undefined {
  const done = get('done');
  if (done !== 'confirmed' && done !== 'declined') return undefined;
  const count = (name: string) => {
    const value = Number(get(name));
    return Number.isInteger(value) && value >= 0 && value < 1000 ? value : 0;
  };
  const applied = count('applied');
  const changed = count('changed');
  const words = [
    applied > 0
      ? `${done === 'confirmed' ? 'Confirmed' : 'Declined'} for ${applied} ${applied === 1 ? 'person' : 'people'}.`
      : 'Nothing was changed.',
  ];
  if (changed > 0) {
    words.push(
      `${changed} ${changed === 1 ? 'capture was' : 'captures were'} updated or withdrawn since the page was opened and ${changed === 1 ? 'stays' : 'stay'} as ${changed === 1 ? 'it is' : 'they are'}: review the win again.`,
    );
  }
  return words.join(' ');
}
