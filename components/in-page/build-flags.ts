/**
 * Build-time switches of the in-page UI. The test build (SOURCED_E2E=1, see wxt.config.ts) opens
 * the shadow roots that hold test ids so that Playwright's selectors reach inside; a real build
 * keeps them closed, so the site's scripts cannot reach into them by `element.shadowRoot`.
 */
export const SHADOW_MODE: ShadowRootMode = import.meta.env.SOURCED_E2E ? 'open' : 'closed';
