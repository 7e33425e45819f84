/** LinkedIn people and companies: profile links and the names next to them. */
import type { Person } from '../capture';
import { httpUrl, type Scope } from './dom';
import type { Selectors } from './linkedin-layout';
import { nameInLabel } from './labels';
import { LINKEDIN_ORIGIN } from './linkedin-urn';
import { liControlMenu } from './selectors-linkedin';
import { nameText, readText } from './text';

const PLAIN_PROFILE =
  /^https:\/\/www\.linkedin\.com(?![^?#]*%2[eE])(\/[A-Za-z0-9_%/-]{1,200})(?:[?#][^\s\\]*)?$/;

/** A profile link reduced to `in/<slug>` or `company/<slug>` and its canonical URL. */
export function linkedInProfile(
  href: string | null | undefined,
): { handle: string; url: string } | undefined {
  // LinkedIn's own absolute links need no URL parser when their path is plain (no dot segments,
  // no escapes that a parser would rewrite): the common case, and the parser dominates the cost.
  const plain = href ? PLAIN_PROFILE.exec(href) : null;
  let path = plain?.[1];
  if (path === undefined) {
    const url = httpUrl(href, LINKEDIN_ORIGIN);
    if (!url || !/(^|\.)linkedin\.com$/.test(url.hostname)) return undefined;
    path = url.pathname;
  }
  const match = /^\/(in|company|school|showcase)\/([^/]{1,100})/.exec(path);
  if (!match) return undefined;
  const [, type, slug] = match as unknown as [string, string, string];
  let readable = slug;
  try {
    readable = decodeURIComponent(slug);
  } catch {
    // A malformed escape: keep the slug as written.
  }
  return { handle: `${type}/${readable}`, url: `${LINKEDIN_ORIGIN}/${type}/${slug}/` };
}

/**
 * The author of a post (or of a quoted post, `withMenu` false): the control menu's label names
 * them reliably; else the visible name line. The profile comes from the actor link.
 */
export function readPerson(
  scope: Scope,
  sel: Selectors,
  withMenu: boolean,
  link = scope.first(sel.actorLink)?.el,
): Person {
  let name: string | undefined;
  if (withMenu) {
    const menu = scope.first(sel.controlMenu);
    const label = menu?.el.getAttribute('aria-label') ?? '';
    name = label.length < 500 ? nameText(nameInLabel(liControlMenu(), label)) : undefined;
  }
  if (!name) {
    const visible = scope.first(sel.actorName);
    name = visible ? nameText(readText(visible.el, { max: 1000 }).text) : undefined;
  }
  const profile = link ? linkedInProfile(link.getAttribute('href')) : undefined;
  return { name, handle: profile?.handle, url: profile?.url };
}
