/** What kind of LinkedIn post an element holds: an ad, a plain repost, a quote (and its post). */
import type { Person } from '../capture';
import { httpUrl, queryFirst, safeQueryAll, Scope } from './dom';
import type { Selectors } from './linkedin-layout';
import { linkedInProfile, readPerson } from './linkedin-profile';
import {
  idFromUpdateLink,
  LINKEDIN_ORIGIN,
  linkedInPermalink,
  linkedInTimeFromId,
} from './linkedin-urn';
import { LI, LI_AD_LABELS } from './selectors-linkedin';
import { nameText, readText } from './text';
import type { ExtractedPost } from './types';

const REPOSTED_THIS = /^(.+?) reposted this$/i;

export function isAd(own: Scope, sel: Selectors): boolean {
  if (own.first(LI.adImage)) return true;
  for (const selector of sel.actorSubLine) {
    const labels = own.all(selector);
    // Labels are short plain text: compare the whole of it, trimmed.
    if (labels.length > 0)
      return labels.some((l) => LI_AD_LABELS.has((l.textContent ?? '').trim()));
  }
  return false;
}

/**
 * A plain repost: a header line "NAME reposted this" before the author block (Ember:
 * `.update-components-header`; React: a preceding sibling of the actor header).
 */
export function readRepostedBy(
  own: Scope,
  sel: Selectors,
  actorLink: Element | undefined,
): Person | undefined {
  const el = own.root;
  const lines: Element[] = [];
  const header = own.first(sel.repostHeader);
  if (header) lines.push(header.el);
  for (let node = actorLink?.parentElement; node && node !== el; node = node.parentElement) {
    for (let sib = node.previousElementSibling; sib; sib = sib.previousElementSibling) {
      lines.push(sib);
    }
  }
  for (const line of lines) {
    // A header line is short; its textContent is a cheap first test.
    const raw = line.textContent ?? '';
    if (raw.length > 1000 || !/reposted this/i.test(raw)) continue;
    const match = REPOSTED_THIS.exec(readText(line).text);
    if (!match) continue;
    let profile: ReturnType<typeof linkedInProfile>;
    for (const a of safeQueryAll(line, 'a[href]')) {
      profile = linkedInProfile(a.getAttribute('href'));
      if (profile) break;
    }
    return { name: nameText(match[1]), handle: profile?.handle, url: profile?.url };
  }
  return undefined;
}

/** The shared post in a quote box: its id from the link to its details page, and its author. */
export function readQuoted(box: Element, sel: Selectors): NonNullable<ExtractedPost['quoted']> {
  const link = queryFirst(box, sel.quoteLink);
  const id = idFromUpdateLink(
    link ? httpUrl(link.el.getAttribute('href'), LINKEDIN_ORIGIN) : undefined,
  );
  return {
    id,
    url: id ? linkedInPermalink(id) : undefined,
    author: readPerson(new Scope(box), sel, false),
    postedAt: id ? linkedInTimeFromId(id) : undefined,
  };
}
