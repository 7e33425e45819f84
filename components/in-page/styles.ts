/**
 * Styles of everything Sourced draws inside a site's page. They live in the shadow roots, so the
 * site's CSS cannot restyle our controls and ours cannot leak into the site. Each is a stylesheet
 * of its own, imported as a string (`?inline`): the build minifies it, comments gone, which
 * keeps the content script that every LinkedIn and X page loads small.
 */
export { default as FLAG_CSS } from './flag.css?inline';
export { default as DIALOG_CSS } from './page-ui.css?inline';
