// The inspector's page: deliveries arrive on a server-sent events channel and
// are listed newest first. Everything an event holds was written by whoever
// sent it, so it only ever enters the document as text: through textContent
// and text nodes, never as markup (this file has no innerHTML, and the page's
// Content-Security-Policy runs no script but this one).
'use strict';

(function () {
  const byId = new Map();
  let order = []; // ids, newest first
  let keep = 200;
  let selected = null;
  let view = 'edn';
  let nameFilter = '';
  let search = '';
  const names = new Set();

  const $ = (id) => document.getElementById(id);
  const list = $('list');
  const detail = $('detail');

  // An element with a class and text content; children are appended as
  // nodes, strings as text.
  function el(tag, cls, ...children) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  }

  function text(value) {
    return value === null || value === undefined ? '' : String(value);
  }

  function clock(iso) {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return text(iso);
    const pad = (n, w) => String(n).padStart(w || 2, '0');
    return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
  }

  function refused(r) {
    return r.status !== 204 && r.status !== 200;
  }

  // Everything searched, lower-cased once per delivery.
  function haystack(r) {
    if (r._hay === undefined) {
      const copy = r.copy || {};
      r._hay = [r.name, r.profile, r.reason, r.contentType, r.userAgent, r.raw,
        copy.edn && copy.edn.text, copy.json && copy.json.text, r.typed, String(r.status)]
        .map(text).join('\n').toLowerCase();
    }
    return r._hay;
  }

  function visible(r) {
    if (nameFilter && text(r.name) !== nameFilter) return false;
    if (search && !haystack(r).includes(search)) return false;
    return true;
  }

  function row(r) {
    const li = el('li', 'row' + (refused(r) ? ' refused' : ''));
    li.dataset.id = String(r.id);
    li.setAttribute('title', text(r.time));
    const top = el('div', 'row-top',
      el('span', 'time', clock(r.time)),
      el('span', 'badge ' + (refused(r) ? 'bad' : 'good'), String(r.status)),
      el('span', 'name', r.name ? text(r.name) : '(no event)'));
    li.append(top);
    const meta = el('div', 'row-meta',
      el('span', 'profile', r.profile ? 'profile ' + text(r.profile).slice(0, 8) + '…' : 'no profile'),
      el('span', 'ctype', text(r.contentType)),
      el('span', 'agent', text(r.userAgent)));
    li.append(meta);
    if (r.reason) li.append(el('div', 'row-error', text(r.reason)));
    li.addEventListener('click', () => {
      $('follow').checked = false;
      select(r.id, true);
    });
    return li;
  }

  function add(r) {
    if (typeof r !== 'object' || r === null || typeof r.id !== 'number' || byId.has(r.id)) return;
    byId.set(r.id, r);
    let at = order.findIndex((id) => id < r.id);
    if (at < 0) at = order.length;
    order.splice(at, 0, r.id);
    r._row = row(r);
    // Newest first: above the next older one, or last.
    const older = order[at + 1];
    list.insertBefore(r._row, older !== undefined ? byId.get(older)._row : null);
    r._row.hidden = !visible(r);
    if (r.name && !names.has(r.name)) {
      names.add(r.name);
      const option = el('option', null, text(r.name));
      option.value = text(r.name);
      const select = $('name-filter');
      const options = Array.from(select.options).slice(1);
      const after = options.find((o) => o.value > r.name);
      select.insertBefore(option, after || null);
    }
    while (order.length > keep) {
      const old = byId.get(order.pop());
      byId.delete(old.id);
      old._row.remove();
      if (selected === old.id) selected = null;
    }
    counts();
    const wanted = fromHash();
    if (wanted !== null && wanted === r.id) select(r.id, false);
    else if ($('follow').checked && wanted === null && order[0] === r.id) select(r.id, false);
  }

  function counts() {
    const shown = order.filter((id) => !byId.get(id)._row.hidden).length;
    const bad = order.filter((id) => refused(byId.get(id))).length;
    $('count').textContent = `${order.length} ${order.length === 1 ? 'delivery' : 'deliveries'}` + (bad ? `, ${bad} refused` : '') +
      (shown !== order.length ? `, ${shown} shown` : '');
    $('empty').hidden = order.length > 0;
  }

  function refilter() {
    for (const id of order) {
      const r = byId.get(id);
      r._row.hidden = !visible(r);
    }
    counts();
  }

  // `#ID` selects a delivery; `#ID/json` also the JSON view (links to a
  // delivery, and the browser test, which cannot click).
  function fromHash() {
    const match = /^#(\d+)(\/json|\/edn)?$/.exec(location.hash);
    if (!match) return null;
    if (match[2]) setView(match[2].slice(1));
    return Number(match[1]);
  }

  function select(id, byUser) {
    const r = byId.get(id);
    if (!r) return;
    if (selected !== null && byId.has(selected)) byId.get(selected)._row.classList.remove('selected');
    selected = id;
    r._row.classList.add('selected');
    if (byUser) history.replaceState(null, '', '#' + id);
    show(r);
  }

  // The props tree: ["s", edn, json] a value, ["m", [[k, v]…]] a map,
  // ["v"|"l"|"t", [items]] a vector, list or set, ["g", tag, rep] a tagged
  // value, ["x"] where the server cut the tree.
  const BRACKETS = {
    edn: { m: ['{', '}'], v: ['[', ']'], l: ['(', ')'], t: ['#{', '}'] },
    json: { m: ['{', '}'], v: ['[', ']'], l: ['[', ']'], t: ['[', ']'] },
  };

  function scalarClass(edn) {
    if (edn.startsWith('"')) return 'str';
    if (edn.startsWith(':')) return 'kw';
    if (edn.startsWith('#')) return 'tag';
    if (edn === 'nil' || edn === 'true' || edn === 'false') return 'lit';
    return 'num';
  }

  function tree(node, depth) {
    if (!Array.isArray(node)) return el('span', 'cut', '?');
    const kind = node[0];
    if (kind === 's') {
      const shown = view === 'edn' ? text(node[1]) : text(node[2]);
      return el('span', 'v ' + scalarClass(text(node[1])), shown);
    }
    if (kind === 'x') return el('span', 'cut', '… (cut here: too large to show)');
    if (kind === 'g') {
      const rep = tree(node[2], depth);
      return view === 'edn' ? el('span', 'tagged', el('span', 'v tag', '#' + text(node[1]) + ' '), rep) : rep;
    }
    const items = Array.isArray(node[1]) ? node[1] : [];
    const [open, close] = BRACKETS[view][kind] || ['[', ']'];
    if (items.length === 0) return el('span', 'v punct', open + close);
    // A collection: its opening bracket folds it (to `{ … 3 keys }`) and
    // unfolds it; its items one a line, indented, then the closing bracket.
    const box = el('span', 'coll' + (depth >= 4 ? ' folded' : ''));
    const what = kind === 'm' ? `${items.length} ${items.length === 1 ? 'key' : 'keys'}` : `${items.length} ${items.length === 1 ? 'item' : 'items'}`;
    const opener = el('button', 'bracket', open);
    opener.type = 'button';
    opener.setAttribute('title', 'fold or unfold');
    const folded = el('button', 'fold', ` … ${what} `);
    folded.type = 'button';
    const toggle = () => box.classList.toggle('folded');
    opener.addEventListener('click', toggle);
    folded.addEventListener('click', toggle);
    const body = el('div', 'children');
    items.forEach((item, i) => {
      const line = el('div', 'entry');
      const last = i === items.length - 1;
      if (kind === 'm' && Array.isArray(item) && item[0] !== 'x') {
        line.append(tree(item[0], depth + 1), el('span', 'punct', view === 'json' ? ': ' : ' '), tree(item[1], depth + 1));
      } else {
        line.append(tree(item, depth + 1));
      }
      if (view === 'json' && !last) line.append(el('span', 'punct', ','));
      body.append(line);
    });
    box.append(opener, folded, body, el('span', 'punct', close));
    return box;
  }

  function field(dl, name, value) {
    if (value === null || value === undefined || value === '') return;
    dl.append(el('dt', null, name), el('dd', null, value));
  }

  function flash(button, said) {
    const was = button.textContent;
    button.textContent = said;
    setTimeout(() => { button.textContent = was; }, 1200);
  }

  // The clipboard needs a secure context (loopback is one); elsewhere the text
  // is shown selected, for the reader to copy.
  function copy(button, value) {
    const fallback = () => {
      const area = el('textarea', 'copy-area');
      area.value = value;
      area.readOnly = true;
      button.parentElement.after(area);
      area.select();
      flash(button, 'select and copy');
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(value).then(() => flash(button, 'copied'), fallback);
    } else {
      fallback();
    }
  }

  function show(r) {
    detail.replaceChildren();
    const head = el('div', 'detail-head',
      el('h2', 'name', r.name ? text(r.name) : '(no event)'),
      el('span', 'badge ' + (refused(r) ? 'bad' : 'good'), String(r.status)));
    detail.append(head);
    const dl = el('dl', 'facts');
    field(dl, 'Received', new Date(r.time).toString() === 'Invalid Date' ? text(r.time) : `${text(r.time)} (${clock(r.time)} here)`);
    field(dl, 'Event', r.name ? text(r.name) : null);
    field(dl, 'Profile', r.profile ? text(r.profile) : null);
    field(dl, 'Created at', r.createdAt ? text(r.createdAt) : null);
    field(dl, 'Content type', text(r.contentType));
    field(dl, 'User agent', text(r.userAgent));
    field(dl, 'From', text(r.peer));
    field(dl, 'Body', typeof r.size === 'number' ? `${r.size} bytes` : 'not read');
    detail.append(dl);
    if (refused(r)) {
      detail.append(el('div', 'refusal',
        el('strong', null, `Refused: ${r.status}`),
        el('pre', 'reason', text(r.reason))));
    }
    if (r.note) detail.append(el('p', 'note', text(r.note)));
    if (r.kind) {
      const p = el('p', 'kind');
      const link = el('a', null);
      const docs = text(r.kind.docs);
      if (docs.startsWith('https://docs.rs/transit-format/')) link.href = docs;
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      if (r.kind.type) {
        link.textContent = text(r.kind.type);
        p.append('Decoded to ', link, r.kindError ? ' — but the props do not fit it:' : '');
      } else {
        link.textContent = 'KnownProps::Other';
        p.append('Not an event Penpot sends: props kept as they came (', link, ')');
      }
      detail.append(p);
      if (r.kindError) detail.append(el('pre', 'reason', text(r.kindError)));
    }
    if (r.props !== undefined) {
      const section = el('section', 'props');
      section.append(el('h3', null, view === 'edn' ? 'Props (EDN)' : "Props (Penpot's JSON)"));
      const root = el('div', 'tree');
      root.append(tree(r.props, 0));
      section.append(root);
      if (r.propsCut) section.append(el('p', 'note', 'The tree was cut: it is too large to show whole.'));
      detail.append(section);
    }
    if (r.typed) {
      const typed = el('details', 'typed');
      typed.append(el('summary', null, 'Typed props (Rust)'), el('pre', null, text(r.typed)));
      detail.append(typed);
    }
    if (r.copy) {
      const bar = el('div', 'copies', el('span', null, 'Copy as '));
      for (const [format, label] of [['transit', 'Transit'], ['json', 'JSON'], ['edn', 'EDN']]) {
        const item = r.copy[format] || {};
        const button = el('button', null, label);
        button.type = 'button';
        if (typeof item.text === 'string') {
          button.addEventListener('click', () => copy(button, item.text));
        } else {
          button.disabled = true;
          button.setAttribute('title', text(item.error));
        }
        bar.append(button);
      }
      detail.append(bar);
    }
    if (typeof r.raw === 'string') {
      const raw = el('details', 'raw');
      raw.open = refused(r);
      raw.append(el('summary', null, 'Raw body' + (r.rawCut ? ' (first 64 KiB)' : '')), el('pre', null, r.raw));
      detail.append(raw);
    }
  }

  function setView(wanted) {
    view = wanted;
    $('view-edn').setAttribute('aria-pressed', String(view === 'edn'));
    $('view-json').setAttribute('aria-pressed', String(view === 'json'));
    if (selected !== null && byId.has(selected)) show(byId.get(selected));
  }

  $('view-edn').addEventListener('click', () => setView('edn'));
  $('view-json').addEventListener('click', () => setView('json'));
  $('name-filter').addEventListener('change', (e) => { nameFilter = e.target.value; refilter(); });
  $('search').addEventListener('input', (e) => { search = e.target.value.trim().toLowerCase(); refilter(); });
  $('follow').addEventListener('change', (e) => {
    if (e.target.checked && order.length) {
      history.replaceState(null, '', location.pathname + location.search);
      select(order[0], false);
    }
  });
  window.addEventListener('hashchange', () => {
    const id = fromHash();
    if (id !== null) select(id, false);
  });

  // The token, if the page was opened with one, is in a cookie by now: drop it
  // from the address bar and the history.
  if (/[?&]token=/.test(location.search)) history.replaceState(null, '', location.pathname + location.hash);

  const status = $('status');
  const source = new EventSource('events');
  source.addEventListener('hello', (m) => {
    try {
      const hello = JSON.parse(m.data);
      if (Number.isInteger(hello.keep) && hello.keep > 0) keep = hello.keep;
    } catch (_) { /* an older or other server: defaults */ }
  });
  source.addEventListener('delivery', (m) => {
    let r;
    try { r = JSON.parse(m.data); } catch (_) { return; }
    add(r);
  });
  source.addEventListener('open', () => { status.textContent = 'live'; status.className = 'status live'; });
  source.addEventListener('error', () => { status.textContent = 'reconnecting…'; status.className = 'status down'; });
}());
