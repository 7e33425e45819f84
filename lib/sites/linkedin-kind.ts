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
import { nameInLabel } from './labels';
import { LI, liAdLabels, liPromotedBy, liReposted } from './selectors-linkedin';
import { collapse, nameText, readText } from './text';
import type { ExtractedPost } from './types';

/** An ad label: "Promoted" (any language), or "Promoted by COMPANY" on a thought-leader ad. */
function isAdLabel(label: Element): boolean {
  // Labels are short plain text: compare the whole of it, whitespace collapsed.
  const raw = label.textContent ?? '';
  if (raw.length > 300) return false;
  const text = collapse(raw);
  return liAdLabels().has(text) || liPromotedBy().test(text);
}

export function isAd(own: Scope, sel: Selectors): boolean {
  if (own.first(LI.adImage)) return true;
  for (const selector of sel.actorSubLine) {
    const labels = own.all(selector);
    if (labels.length > 0) return labels.some(isAdLabel);
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
    // A header line is short: a long one is the post itself.
    if ((line.textContent ?? '').length > 1000) continue;
    const name = nameInLabel(liReposted(), readText(line).text);
    if (name === undefined) continue;
    let profile: ReturnType<typeof linkedInProfile>;
    for (const a of safeQueryAll(line, 'a[href]')) {
      profile = linkedInProfile(a.getAttribute('href'));
      if (profile) break;
    }
    return { name: nameText(name), handle: profile?.handle, url: profile?.url };
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
