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

export const DIALOG_CSS = `
:host { all: initial; }
.backdrop {
  position: fixed; inset: 0; z-index: 2147483646; display: flex; align-items: center; justify-content: center;
  background: rgba(0, 0, 0, 0.45); font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
.sourced-form {
  --bg: #ffffff; --fg: #1f2328; --muted: #57606a; --line: #d0d7de; --accent: #0a66c2; --field: #ffffff;
  --danger: #cf222e;
  box-sizing: border-box; width: min(440px, calc(100vw - 24px)); max-height: calc(100vh - 24px); overflow: auto;
  background: var(--bg); color: var(--fg); border-radius: 12px; padding: 18px 20px;
  box-shadow: 0 12px 40px rgba(0, 0, 0, 0.3); display: flex; flex-direction: column; gap: 10px;
}
:host([data-theme="dark"]) .sourced-form, :host([data-theme="dark"]) .toast {
  --bg: #1d2226; --fg: #e6e6e6; --muted: #a3aab1; --line: #3d4449; --accent: #71b7fb; --field: #2b3137;
  --danger: #ff7b72;
}
h2 { margin: 0; font-size: 17px; }
.sourced-post { margin: 0; padding: 8px 10px; border-left: 3px solid var(--accent); color: var(--muted); }
.sourced-post strong { color: var(--fg); }
blockquote { margin: 4px 0 0; max-height: 4.2em; overflow: hidden; white-space: pre-wrap; overflow-wrap: anywhere; }
label { display: flex; flex-direction: column; gap: 3px; font-weight: 600; flex: 1; }
.sourced-row { display: flex; gap: 10px; }
.sourced-currency { flex: 0 0 90px; }
select, input, textarea {
  font: inherit; font-weight: 400; color: var(--fg); background: var(--field); border: 1px solid var(--line);
  border-radius: 6px; padding: 6px 8px;
}
[aria-invalid="true"] { border-color: var(--danger); }
textarea { resize: vertical; }
.sourced-error { margin: 0; color: var(--danger); }
.sourced-field-error { margin-top: -6px; font-size: 13px; }
.sourced-understood { margin: -6px 0 0; min-height: 1.4em; color: var(--muted); font-variant-numeric: tabular-nums; }
.sourced-hint { margin: -6px 0 0; font-size: 12px; color: var(--muted); }
.sourced-actions { display: flex; justify-content: flex-end; gap: 8px; }
button {
  font: inherit; cursor: pointer; border-radius: 16px; padding: 6px 14px; border: 1px solid var(--line);
  background: transparent; color: var(--fg);
}
button.sourced-primary { background: var(--accent); border-color: var(--accent); color: #fff; }
:host([data-theme="dark"]) button.sourced-primary { color: #000; }
button:focus-visible, select:focus-visible, input:focus-visible, textarea:focus-visible {
  outline: 2px solid var(--accent); outline-offset: 1px;
}
button[disabled] { opacity: 0.6; cursor: progress; }
.toast {
  position: fixed; bottom: 24px; left: 50%; transform: translateX(-50%); z-index: 2147483647;
  background: var(--fg, #1f2328); color: var(--bg, #fff); padding: 10px 16px; border-radius: 8px;
  font: 14px/1.4 system-ui, sans-serif; box-shadow: 0 4px 16px rgba(0, 0, 0, 0.3);
  pointer-events: none; /* Nothing in it to click: it never blocks the page or a form under it. */
}
.toast[data-kind="error"] { background: #cf222e; color: #fff; }
`;
