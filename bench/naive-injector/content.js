// The simplest injector that does the job: on every (debounced) change, look at every post of the
// document, and give each post not seen before an open shadow root with a button, reading only
// the post id. No site knowledge beyond one selector and one attribute per site.
const linkedin = location.hostname === 'www.linkedin.com';
const POST = linkedin ? '[data-id^="urn:li:"]' : 'article[data-testid="tweet"]';
const seen = new WeakSet();

function postId(post) {
  if (linkedin) return post.getAttribute('data-id');
  const time = post.querySelector('a[href*="/status/"] time');
  return time ? time.parentElement.getAttribute('href') : '';
}

function scan() {
  for (const post of document.querySelectorAll(POST)) {
    if (seen.has(post)) continue;
    seen.add(post);
    const host = document.createElement('span');
    host.setAttribute('data-naive-flag', postId(post) ?? '');
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = '⚑';
    host.attachShadow({ mode: 'open' }).append(button);
    post.append(host);
  }
}

let timer;
new MutationObserver(() => {
  clearTimeout(timer);
  timer = setTimeout(scan, 50);
}).observe(document.body, { childList: true, subtree: true });
scan();
