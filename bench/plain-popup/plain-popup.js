// The floor the popup's first rows are measured against: plain JS in an extension page that
// reads the 10 newest captures from the same IndexedDB index and shows them. No framework, no
// library, no live updates.
const open = indexedDB.open('sourced');
open.onsuccess = () => {
  const db = open.result;
  const index = db.transaction('captures').objectStore('captures').index('capturedAt');
  const rows = [];
  index.openCursor(null, 'prev').onsuccess = (event) => {
    const cursor = event.target.result;
    if (cursor && rows.length < 10) {
      rows.push(cursor.value);
      cursor.continue();
      return;
    }
    const list = document.getElementById('list');
    for (const capture of rows) {
      const li = document.createElement('li');
      const author = document.createElement('strong');
      author.textContent = capture.post.author.name ?? capture.post.author.handle ?? '';
      const status = document.createElement('span');
      status.textContent = ` ${capture.status} · ${capture.outcome.type} · ${capture.capturedAt}`;
      const excerpt = document.createElement('p');
      excerpt.textContent = capture.post.excerpt ?? '';
      li.append(author, status, excerpt);
      list.append(li);
    }
    performance.mark('plain:first-rows');
  };
};
