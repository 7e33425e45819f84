/**
 * Styles of everything Sourced draws inside a site's page. They live in the shadow roots, so the
 * site's CSS cannot restyle our controls and ours cannot leak into the site.
 */
/**
 * The flag: one button, no child nodes (there can be thousands). Its pennant is the one of
 * public/icon.svg, drawn by two pseudo-elements on that icon's 24-unit grid at 18 px (0.75 px a
 * unit), centred in the 28 px button: pole x 5–7, y 2–22; pennant x 8–19, y 3–13, notched at 16.
 *
 * Flag colours hold ≥ 3:1 against LinkedIn's and X's light (#fff, #f4f2ee) and dark (#1d2226,
 * #15202b, #000) backgrounds alike: the flag cannot know the theme it sits on. Idle is an outlined
 * pennant, flagged a filled one, so the two differ in shape and not only in hue.
 */
export const FLAG_CSS = `
:host { all: initial; display: inline-flex; vertical-align: middle; }
button {
  all: unset; box-sizing: border-box; position: relative; display: inline-block;
  width: 28px; height: 28px; border-radius: 50%; cursor: pointer; color: #7d8590;
}
button::before, button::after { content: ""; position: absolute; background: currentColor; }
button::before { left: 8.75px; top: 6.5px; width: 1.5px; height: 15px; }
button::after {
  left: 11px; top: 7.25px; width: 8.25px; height: 7.5px;
  clip-path: path(evenodd, "M0 0H8.25L6 3.75L8.25 7.5H0Z M1.5 1.5V6H5.6L4.3 3.75L5.6 1.5Z");
}
button:hover { background: rgba(120, 120, 120, 0.15); color: #2f81d7; }
button:focus-visible { outline: 2px solid #2f81d7; outline-offset: 1px; }
button[data-state="flagged"] { color: #d4570b; }
button[data-state="flagged"]::after { clip-path: polygon(0 0, 100% 0, 72.7% 50%, 100% 100%, 0 100%); }
@media (forced-colors: active) {
  button::before, button::after { forced-color-adjust: none; background: ButtonText; }
}
`;

/** The form frame's host (backdrop and frame; the form's own styles are in the frame) and the toast. */
export const DIALOG_CSS = `
:host { all: initial; --bg: #ffffff; --fg: #1f2328; }
:host([data-theme="dark"]) { --bg: #1d2226; --fg: #e6e6e6; }
.backdrop {
  position: fixed; inset: 0; z-index: 2147483646; display: flex; align-items: center; justify-content: center;
  background: rgba(0, 0, 0, 0.45);
}
iframe {
  display: block; border: 0; border-radius: 12px; background: var(--bg); color-scheme: normal;
  /* A fixed size, never resized to the content: a frame that moves under the cursor after it
     appears would take clicks meant elsewhere (and restart the Submit guard's clock). */
  width: min(440px, calc(100vw - 24px)); height: min(620px, calc(100vh - 24px));
  box-shadow: 0 12px 40px rgba(0, 0, 0, 0.3);
}
.toast {
  position: fixed; bottom: 24px; left: 50%; transform: translateX(-50%); z-index: 2147483647;
  background: var(--fg); color: var(--bg); padding: 10px 16px; border-radius: 8px;
  font: 14px/1.4 system-ui, sans-serif; box-shadow: 0 4px 16px rgba(0, 0, 0, 0.3);
  pointer-events: none; /* Nothing in it to click: it never blocks the page or a form under it. */
}
.toast[data-kind="error"] { background: #cf222e; color: #fff; }
`;
