/*!
 * WSP chat widget — a dependency-free chat window for a Rasa assistant (REST channel).
 *
 * Embed with one configuration object and one script tag:
 *
 *   <script>window.WSPChatConfig = {rasaUrl: "https://chat.example.nl", organisatie: "...",
 *           telefoon: "...", privacyUrl: "/privacy.html"};</script>
 *   <script src="/widget/wsp-chat.js" defer></script>
 *
 * The stylesheet wsp-chat.css is loaded from the same folder as this script (or cfg.cssUrl).
 * All message text is rendered with textContent: bot and user text can never inject HTML.
 */
(function (window, document) {
  'use strict';

  var VERSION = '1.0.0';
  var STORAGE_VERSION = 1;
  var MAX_STORED_MESSAGES = 200;

  var DEFAULTS = {
    rasaUrl: '',
    organisatie: 'WerkgeversServicepunt',
    telefoon: '',
    privacyUrl: '',
    titel: 'Digitale assistent',
    launcherTekst: 'Stel uw vraag',
    welkom: '',
    maxLength: 2000,
    // How long the conversation stays in this browser after the last message.
    browserBewaarUren: 24,
    // How long the server keeps conversations (text shown in the privacy notice).
    bewaartermijn: '30 dagen',
    requestTimeoutMs: 60000,
    // Which bot replies get thumbs up/down: "bron" (replies with a "Bron:" line), "all" or "off".
    feedback: 'bron',
    storagePrefix: 'wspchat',
    cssUrl: ''
  };

  /* ------------------------------------------------------------------ */
  /* Pure helpers (exported as WSPChat._internal for tests)             */
  /* ------------------------------------------------------------------ */

  /** Returns the normalised URL when raw is an absolute http(s) URL, else null. */
  function safeHttpUrl(raw) {
    if (typeof raw !== 'string') return null;
    var trimmed = raw.trim();
    if (!/^https?:\/\//i.test(trimmed)) return null;
    var u;
    try {
      u = new URL(trimmed);
    } catch (e) {
      return null;
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    if (!u.hostname) return null;
    return u.href;
  }

  var TRAILING_PUNCT = /[.,;:!?'"\u2019\u201d]$/;

  /** Strip punctuation that ends a sentence rather than the URL, keeping balanced brackets. */
  function trimUrl(url) {
    var out = url;
    for (;;) {
      if (TRAILING_PUNCT.test(out)) {
        out = out.slice(0, -1);
        continue;
      }
      if (/\)$/.test(out)) {
        var opens = (out.match(/\(/g) || []).length;
        var closes = (out.match(/\)/g) || []).length;
        if (closes > opens) {
          out = out.slice(0, -1);
          continue;
        }
      }
      break;
    }
    return out;
  }

  // [label](url) or a bare http(s) URL.
  var LINK_RE = /\[([^\]\n]{1,300})\]\(([^)\s]{1,2000})\)|\bhttps?:\/\/[^\s<>"'`]+/gi;

  /**
   * Split one line of bot text into tokens: {type: "text", text} or {type: "link", text, href}.
   * Only absolute http/https URLs become links; anything else stays literal text.
   */
  function tokenizeLine(line) {
    var tokens = [];
    var last = 0;
    var m;
    LINK_RE.lastIndex = 0;
    function pushText(t) {
      if (!t) return;
      if (tokens.length && tokens[tokens.length - 1].type === 'text') {
        tokens[tokens.length - 1].text += t;
      } else {
        tokens.push({ type: 'text', text: t });
      }
    }
    while ((m = LINK_RE.exec(line)) !== null) {
      var start = m.index;
      var whole = m[0];
      var label;
      var href;
      var consumed = whole;
      if (m[1] !== undefined) {
        label = m[1];
        href = safeHttpUrl(m[2]);
      } else {
        consumed = trimUrl(whole);
        label = consumed;
        href = safeHttpUrl(consumed);
        LINK_RE.lastIndex = start + consumed.length;
      }
      if (!consumed) {
        LINK_RE.lastIndex = start + 1;
        continue;
      }
      pushText(line.slice(last, start));
      if (href) {
        tokens.push({ type: 'link', text: label, href: href });
      } else {
        pushText(consumed);
      }
      last = start + consumed.length;
    }
    pushText(line.slice(last));
    return tokens;
  }

  /**
   * Parse bot text into blocks: {kind: "p", lines: [tokens...]}, {kind: "ul", items: [tokens...]},
   * {kind: "bron", tokens}.
   */
  function parseBotText(text) {
    var blocks = [];
    var current = null;
    var lines = String(text == null ? '' : text).replace(/\r\n?/g, '\n').split('\n');
    for (var i = 0; i < lines.length; i++) {
      var line = lines[i];
      var trimmed = line.trim();
      if (!trimmed) {
        current = null;
        continue;
      }
      if (/^bron\s*:/i.test(trimmed)) {
        blocks.push({ kind: 'bron', tokens: tokenizeLine(trimmed) });
        current = null;
        continue;
      }
      var item = /^(?:[-*\u2022])\s+(.*)$/.exec(trimmed);
      if (item) {
        if (!current || current.kind !== 'ul') {
          current = { kind: 'ul', items: [] };
          blocks.push(current);
        }
        current.items.push(tokenizeLine(item[1]));
        continue;
      }
      if (!current || current.kind !== 'p') {
        current = { kind: 'p', lines: [] };
        blocks.push(current);
      }
      current.lines.push(tokenizeLine(line.replace(/\s+$/, '')));
    }
    return blocks;
  }

  // The composer always offers "Spreek een medewerker"; the same button in a reply is left out so it
  // never appears twice.
  var HUMAN_PAYLOAD = '/request_human';

  function isHumanButton(b) {
    return !!b && String(b.payload == null ? '' : b.payload).trim() === HUMAN_PAYLOAD;
  }

  function hasBron(text) {
    return /(^|\n)\s*bron\s*:/i.test(String(text || ''));
  }

  function randomId() {
    var c = window.crypto;
    if (c && typeof c.randomUUID === 'function') return c.randomUUID();
    var bytes = new Uint8Array(16);
    if (c && c.getRandomValues) {
      c.getRandomValues(bytes);
    } else {
      for (var i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = '';
    for (var j = 0; j < 16; j++) hex += (bytes[j] + 0x100).toString(16).slice(1);
    return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-' + hex.slice(12, 16) + '-' +
      hex.slice(16, 20) + '-' + hex.slice(20);
  }

  /* ------------------------------------------------------------------ */
  /* Storage (localStorage, falls back to memory when unavailable)      */
  /* ------------------------------------------------------------------ */

  function makeStore(area) {
    var memory = {};
    var backend = null;
    try {
      backend = window[area];
      var probe = '__wspchat_probe__';
      backend.setItem(probe, '1');
      backend.removeItem(probe);
    } catch (e) {
      backend = null;
    }
    return {
      get: function (k) {
        if (backend) {
          try { return backend.getItem(k); } catch (e) { /* fall through */ }
        }
        return Object.prototype.hasOwnProperty.call(memory, k) ? memory[k] : null;
      },
      set: function (k, v) {
        memory[k] = v;
        if (backend) {
          try { backend.setItem(k, v); } catch (e) { /* quota or blocked: memory only */ }
        }
      },
      remove: function (k) {
        delete memory[k];
        if (backend) {
          try { backend.removeItem(k); } catch (e) { /* ignore */ }
        }
      }
    };
  }

  /* ------------------------------------------------------------------ */
  /* DOM helper: elements only, text only via textContent               */
  /* ------------------------------------------------------------------ */

  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    if (attrs) {
      for (var k in attrs) {
        if (!Object.prototype.hasOwnProperty.call(attrs, k)) continue;
        var v = attrs[k];
        if (v === null || v === undefined || v === false) continue;
        if (k === 'text') {
          el.textContent = v;
        } else if (k === 'className') {
          el.className = v;
        } else if (k.slice(0, 2) === 'on' && typeof v === 'function') {
          el.addEventListener(k.slice(2), v);
        } else {
          el.setAttribute(k, v === true ? '' : String(v));
        }
      }
    }
    if (children) {
      for (var i = 0; i < children.length; i++) {
        var c = children[i];
        if (c === null || c === undefined || c === false) continue;
        el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
      }
    }
    return el;
  }

  function svgIcon(pathD, cls, transform) {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('width', '24');
    svg.setAttribute('height', '24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    if (cls) svg.setAttribute('class', cls);
    var p = document.createElementNS(ns, 'path');
    p.setAttribute('d', pathD);
    p.setAttribute('fill', 'currentColor');
    if (transform) p.setAttribute('transform', transform);
    svg.appendChild(p);
    return svg;
  }

  var ICON_CHAT = 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6v2h2V9H7zm4 0v2h2V9h-2zm4 0v2h2V9h-2z';
  var ICON_CLOSE = 'M18.3 5.7 12 12l6.3 6.3-1.4 1.4L10.6 13.4 4.3 19.7 2.9 18.3 9.2 12 2.9 5.7l1.4-1.4 6.3 6.3 6.3-6.3z';
  var ICON_SEND = 'M2 21 23 12 2 3v7l15 2-15 2z';
  var ICON_THUMB = 'M2 10h4v11H2zM8 21h9.5a2 2 0 0 0 1.9-1.4l2.4-7A2 2 0 0 0 19.9 10H14l.9-4.3A1.6 1.6 0 0 0 13.3 4L8 10z';

  function renderTokens(parent, tokens) {
    for (var i = 0; i < tokens.length; i++) {
      var t = tokens[i];
      if (t.type === 'link') {
        var a = document.createElement('a');
        a.href = t.href;
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
        a.className = 'wsp-chat-link';
        a.textContent = t.text;
        a.appendChild(h('span', { className: 'wsp-chat-sr', text: ' (opent in nieuw venster)' }));
        parent.appendChild(a);
      } else {
        parent.appendChild(document.createTextNode(t.text));
      }
    }
  }

  function renderBotText(parent, text) {
    var blocks = parseBotText(text);
    for (var i = 0; i < blocks.length; i++) {
      var b = blocks[i];
      var el;
      if (b.kind === 'bron') {
        el = h('p', { className: 'wsp-chat-bron' });
        renderTokens(el, b.tokens);
      } else if (b.kind === 'ul') {
        el = h('ul', { className: 'wsp-chat-list' });
        for (var j = 0; j < b.items.length; j++) {
          var li = h('li');
          renderTokens(li, b.items[j]);
          el.appendChild(li);
        }
      } else {
        el = h('p', { className: 'wsp-chat-p' });
        for (var k = 0; k < b.lines.length; k++) {
          if (k > 0) el.appendChild(document.createElement('br'));
          renderTokens(el, b.lines[k]);
        }
      }
      parent.appendChild(el);
    }
  }

  /* ------------------------------------------------------------------ */
  /* The widget                                                          */
  /* ------------------------------------------------------------------ */

  function ChatError(kind, status) {
    this.kind = kind; // "network" | "timeout" | "http" | "invalid" | "druk" (429)
    this.status = status || 0;
  }

  function Widget(cfg) {
    this.cfg = cfg;
    this.endpoint = cfg.rasaUrl.replace(/\/+$/, '') + '/webhooks/rest/webhook';
    this.store = makeStore('localStorage');
    this.session = makeStore('sessionStorage');
    var p = cfg.storagePrefix;
    this.keys = {
      sender: p + '.sender',
      history: p + '.history',
      privacy: p + '.privacy',
      open: p + '.open'
    };
    this.messages = [];
    this.sender = null;
    this.pending = false;
    this.failed = null; // the user message whose sending failed
    this.lastError = null;
    this.nodes = {}; // message id -> element
    this.isOpen = false;
  }

  Widget.prototype.load = function () {
    var raw = this.store.get(this.keys.history);
    var data = null;
    if (raw) {
      try { data = JSON.parse(raw); } catch (e) { data = null; }
    }
    var maxAgeMs = Number(this.cfg.browserBewaarUren) * 3600 * 1000;
    if (data && data.v === STORAGE_VERSION && Array.isArray(data.messages) &&
        !(maxAgeMs > 0 && Date.now() - Number(data.updated || 0) > maxAgeMs)) {
      this.messages = data.messages.filter(function (m) {
        return m && typeof m.id === 'string' && typeof m.role === 'string';
      });
    } else {
      this.messages = [];
      if (data) {
        // Expired or unreadable: forget it and start a new conversation.
        this.store.remove(this.keys.history);
        this.store.remove(this.keys.sender);
      }
    }
    this.sender = this.store.get(this.keys.sender);
    if (!this.sender) {
      this.sender = randomId();
      this.store.set(this.keys.sender, this.sender);
    }
    // A message that was still on its way when the page was left counts as not sent.
    this.failed = null;
    for (var i = 0; i < this.messages.length; i++) {
      var m = this.messages[i];
      if (m.role === 'user' && (m.status === 'sending' || m.status === 'failed')) {
        m.status = 'failed';
        this.failed = m;
      }
      if (m.feedback === 'sending') m.feedback = null;
    }
    if (this.failed) this.lastError = new ChatError('network');
  };

  Widget.prototype.save = function () {
    if (this.messages.length > MAX_STORED_MESSAGES) {
      this.messages = this.messages.slice(-MAX_STORED_MESSAGES);
    }
    this.store.set(this.keys.history, JSON.stringify({
      v: STORAGE_VERSION,
      updated: Date.now(),
      messages: this.messages
    }));
  };

  Widget.prototype.privacyAcknowledged = function () {
    return !!this.store.get(this.keys.privacy);
  };

  /* ---------------------------- building ---------------------------- */

  Widget.prototype.build = function () {
    var self = this;
    var cfg = this.cfg;
    var uid = 'wsp-chat-' + Math.random().toString(36).slice(2, 8);
    this.ids = {
      panel: uid + '-panel',
      title: uid + '-title',
      sub: uid + '-sub',
      input: uid + '-input',
      counter: uid + '-counter',
      lengthMsg: uid + '-lengthmsg',
      privacyText: uid + '-privacy',
      hint: uid + '-hint',
      confirm: uid + '-confirm',
      confirmText: uid + '-confirmtext'
    };

    this.launcher = h('button', {
      type: 'button',
      className: 'wsp-chat-launcher',
      'aria-expanded': 'false',
      'aria-controls': this.ids.panel,
      onclick: function () { self.toggle(); }
    }, [
      svgIcon(ICON_CHAT, 'wsp-chat-launcher-icon'),
      h('span', { className: 'wsp-chat-launcher-text', text: cfg.launcherTekst })
    ]);

    // Header
    this.resetBtn = h('button', {
      type: 'button',
      className: 'wsp-chat-headbtn wsp-chat-reset',
      'aria-controls': this.ids.confirm,
      'aria-expanded': 'false',
      onclick: function () { self.askReset(); }
    }, ['Nieuw gesprek']);
    this.closeBtn = h('button', {
      type: 'button',
      className: 'wsp-chat-headbtn wsp-chat-close',
      'aria-label': 'Chat sluiten',
      onclick: function () { self.close(); }
    }, [svgIcon(ICON_CLOSE)]);
    var header = h('div', { className: 'wsp-chat-header' }, [
      h('h2', { className: 'wsp-chat-title', id: this.ids.title, text: cfg.titel }),
      h('div', { className: 'wsp-chat-headactions' }, [this.resetBtn, this.closeBtn]),
      h('p', { className: 'wsp-chat-subtitle', id: this.ids.sub, text: cfg.organisatie })
    ]);

    // "Nieuw gesprek" asks before it wipes the conversation.
    this.confirmYes = h('button', {
      type: 'button',
      className: 'wsp-chat-btn wsp-chat-btn--primary wsp-chat-confirm-yes',
      onclick: function () { self.reset(); }
    }, ['Ja, wis het gesprek']);
    this.confirmNo = h('button', {
      type: 'button',
      className: 'wsp-chat-btn wsp-chat-confirm-no',
      onclick: function () { self.cancelReset(); }
    }, ['Nee, ga terug']);
    this.confirmBox = h('div', {
      className: 'wsp-chat-confirm',
      id: this.ids.confirm,
      role: 'group',
      'aria-labelledby': this.ids.confirmText,
      hidden: true
    }, [
      h('p', { className: 'wsp-chat-confirm-text', id: this.ids.confirmText, text:
        'Wilt u een nieuw gesprek beginnen? Dit gesprek wordt dan gewist.' }),
      h('div', { className: 'wsp-chat-confirm-buttons' }, [this.confirmYes, this.confirmNo])
    ]);

    // Conversation log
    this.log = h('div', {
      className: 'wsp-chat-log',
      role: 'log',
      'aria-live': 'polite',
      'aria-relevant': 'additions',
      'aria-label': 'Gesprek met de ' + cfg.titel.toLowerCase(),
      tabindex: '0'
    });
    // The log follows the newest message until the employer scrolls it herself.
    var letGo = function () { self.followEnd = false; };
    this.log.addEventListener('wheel', letGo, { passive: true });
    this.log.addEventListener('touchstart', letGo, { passive: true });
    this.log.addEventListener('keydown', function (e) {
      if (/^(ArrowUp|ArrowDown|PageUp|PageDown|Home|End| )$/.test(e.key)) letGo();
    });
    if (typeof window.ResizeObserver === 'function') {
      // The log gets its final height only when the stylesheet has arrived (after a reload or a
      // page change it usually arrives after the conversation was drawn): stay at the end.
      new window.ResizeObserver(function () {
        if (self.followEnd && self.isOpen) self.scrollToEnd(true);
      }).observe(this.log);
    }

    this.typing = h('div', { className: 'wsp-chat-typing', role: 'status' });
    this.typingInner = h('div', { className: 'wsp-chat-typing-inner', hidden: true }, [
      h('span', { className: 'wsp-chat-dots', 'aria-hidden': 'true' }, [
        h('span'), h('span'), h('span')
      ]),
      h('span', { className: 'wsp-chat-typing-text', text: 'De assistent typt een antwoord…' })
    ]);
    this.typing.appendChild(this.typingInner);

    // Error area with retry
    this.errorText = h('p', { className: 'wsp-chat-error-text' });
    this.retryBtn = h('button', {
      type: 'button',
      className: 'wsp-chat-btn wsp-chat-retry',
      onclick: function () { self.retry(); }
    }, ['Opnieuw proberen']);
    this.errorBox = h('div', { className: 'wsp-chat-error', role: 'alert' });
    this.errorInner = h('div', { className: 'wsp-chat-error-inner', hidden: true }, [
      this.errorText, this.retryBtn
    ]);
    this.errorBox.appendChild(this.errorInner);

    // Privacy gate (shown until acknowledged)
    var privacyParts = [
      h('h3', { className: 'wsp-chat-privacy-title', text: 'Voordat u begint' }),
      h('p', { id: this.ids.privacyText, text:
        'Dit is een digitale assistent, geen mens. Wij bewaren uw berichten maximaal ' +
        cfg.bewaartermijn + ' om u te helpen en de assistent te verbeteren. ' +
        'Uw browser onthoudt het gesprek ' + cfg.browserBewaarUren + ' uur, of tot u op ' +
        '"Nieuw gesprek" klikt.' }),
      h('p', { className: 'wsp-chat-privacy-strong', text:
        'Typ nooit een BSN, medische gegevens of informatie over gezondheid of beperking ' +
        'van uzelf of een kandidaat.' })
    ];
    var privacyHref = this.privacyHref();
    if (privacyHref) {
      privacyParts.push(h('p', null, [
        h('a', { href: privacyHref, className: 'wsp-chat-link', text: 'Lees de privacyverklaring' })
      ]));
    }
    this.privacyBtn = h('button', {
      type: 'button',
      className: 'wsp-chat-btn wsp-chat-btn--primary wsp-chat-privacy-ok',
      'aria-describedby': this.ids.privacyText,
      onclick: function () { self.acknowledgePrivacy(); }
    }, ['Begrepen, start het gesprek']);
    privacyParts.push(this.privacyBtn);
    this.privacyGate = h('div', { className: 'wsp-chat-privacy' }, privacyParts);

    // Composer
    this.humanBtn = h('button', {
      type: 'button',
      className: 'wsp-chat-btn wsp-chat-human',
      onclick: function () { self.requestHuman(); }
    }, ['Spreek een medewerker']);
    var hintChildren = ['Typ geen BSN of gezondheidsgegevens.'];
    if (privacyHref) {
      hintChildren.push(' ');
      hintChildren.push(h('a', { href: privacyHref, className: 'wsp-chat-link', text: 'Privacy' }));
    }
    this.hint = h('p', { className: 'wsp-chat-hint', id: this.ids.hint }, hintChildren);

    this.input = h('textarea', {
      id: this.ids.input,
      className: 'wsp-chat-input',
      rows: '2',
      autocomplete: 'off',
      'aria-describedby': this.ids.hint + ' ' + this.ids.counter + ' ' + this.ids.lengthMsg
    });
    this.input.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        self.submit();
      }
    });
    this.input.addEventListener('input', function () { self.updateCounter(); self.autosize(); });

    this.counter = h('span', { className: 'wsp-chat-counter', id: this.ids.counter });
    this.lengthMsg = h('p', {
      className: 'wsp-chat-lengthmsg', id: this.ids.lengthMsg, 'aria-live': 'polite'
    });
    this.sendBtn = h('button', {
      type: 'submit',
      className: 'wsp-chat-send',
      'aria-label': 'Versturen'
    }, [svgIcon(ICON_SEND)]);

    this.form = h('form', { className: 'wsp-chat-form', novalidate: true }, [
      h('label', { className: 'wsp-chat-sr', 'for': this.ids.input, text: 'Uw bericht' }),
      h('div', { className: 'wsp-chat-inputrow' }, [this.input, this.sendBtn]),
      h('div', { className: 'wsp-chat-meta' }, [this.lengthMsg, this.counter])
    ]);
    this.form.addEventListener('submit', function (e) { e.preventDefault(); self.submit(); });

    this.composer = h('div', { className: 'wsp-chat-composer' }, [
      this.hint,
      h('div', { className: 'wsp-chat-actions' }, [this.humanBtn]),
      this.form
    ]);

    this.panel = h('div', {
      id: this.ids.panel,
      className: 'wsp-chat-panel',
      role: 'dialog',
      'aria-modal': 'false',
      'aria-labelledby': this.ids.title,
      'aria-describedby': this.ids.sub,
      hidden: true
    }, [header, this.confirmBox, this.log, this.typing, this.errorBox, this.privacyGate, this.composer]);
    this.panel.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' || e.key === 'Esc') {
        e.preventDefault();
        // Escape first cancels the question "Nieuw gesprek?", then closes the panel.
        if (!self.confirmBox.hidden) self.cancelReset();
        else self.close();
      }
    });

    this.root = h('aside', {
      className: 'wsp-chat',
      'aria-label': 'Chat met de ' + cfg.titel.toLowerCase(),
      'data-wsp-chat-version': VERSION
    }, [
      this.panel, this.launcher
    ]);
    document.body.appendChild(this.root);

    window.addEventListener('storage', function (e) {
      if (e.key === self.keys.history || e.key === self.keys.sender || e.key === self.keys.privacy) {
        self.load();
        self.renderAll();
        self.syncGate();
      }
    });
  };

  Widget.prototype.privacyHref = function () {
    var url = this.cfg.privacyUrl;
    if (!url || typeof url !== 'string') return null;
    if (url.charAt(0) === '/' && url.charAt(1) !== '/') return url;
    return safeHttpUrl(url);
  };

  /* ---------------------------- rendering --------------------------- */

  Widget.prototype.welcomeText = function () {
    if (this.cfg.welkom) return String(this.cfg.welkom);
    return 'Goedendag! Ik ben de digitale assistent van ' + this.cfg.organisatie + '. ' +
      'Ik beantwoord vragen over regelingen als het doelgroepregister, de no-risk polis, ' +
      'loonkostensubsidie en jobcoaching. Voor persoonlijk advies breng ik u in contact met ' +
      'uw vaste accountmanager.';
  };

  Widget.prototype.renderAll = function () {
    while (this.log.firstChild) this.log.removeChild(this.log.firstChild);
    this.nodes = {};
    var welcome = h('div', { className: 'wsp-chat-msg wsp-chat-msg--bot wsp-chat-msg--welcome' }, [
      h('span', { className: 'wsp-chat-sr', text: 'Assistent: ' })
    ]);
    var body = h('div', { className: 'wsp-chat-bubble' });
    renderBotText(body, this.welcomeText());
    welcome.appendChild(body);
    this.log.appendChild(welcome);
    for (var i = 0; i < this.messages.length; i++) this.appendNode(this.messages[i]);
    this.syncHuman();
    this.syncError();
    this.scrollToEnd(true);
  };

  Widget.prototype.appendNode = function (m) {
    var node = this.renderMessage(m);
    this.nodes[m.id] = node;
    this.log.appendChild(node);
    return node;
  };

  Widget.prototype.renderMessage = function (m) {
    var self = this;
    var cls = 'wsp-chat-msg wsp-chat-msg--' + (m.role === 'user' ? 'user' : m.role === 'notice' ? 'notice' : 'bot');
    var prefix = m.role === 'user' ? 'U: ' : m.role === 'notice' ? 'Melding: ' : 'Assistent: ';
    var node = h('div', { className: cls, 'data-msg-id': m.id }, [
      h('span', { className: 'wsp-chat-sr', text: prefix })
    ]);
    var bubble = h('div', { className: 'wsp-chat-bubble' });
    if (m.role === 'user' || m.role === 'notice') {
      bubble.appendChild(h('p', { className: 'wsp-chat-p wsp-chat-plain', text: m.text }));
    } else {
      if (m.text) renderBotText(bubble, m.text);
      var img = m.image ? safeHttpUrl(m.image) : null;
      if (img) {
        bubble.appendChild(h('img', { className: 'wsp-chat-img', src: img, alt: 'Afbeelding bij het antwoord' }));
      }
    }
    node.appendChild(bubble);

    if (m.role === 'user') {
      node.appendChild(h('p', { className: 'wsp-chat-status' }));
      this.syncStatus(m, node);
    }

    if (m.buttons && m.buttons.length) {
      var group = h('div', { className: 'wsp-chat-buttons', role: 'group', 'aria-label': 'Keuzes' });
      m.buttons.forEach(function (b, idx) {
        if (isHumanButton(b)) return; // stored before duplicates were left out
        var btn = h('button', {
          type: 'button',
          className: 'wsp-chat-btn wsp-chat-choice',
          'data-idx': String(idx),
          onclick: function () { self.chooseButton(m, idx); }
        }, [String(b.title)]);
        group.appendChild(btn);
      });
      node.appendChild(group);
      this.syncButtons(m, node);
    }

    if (m.feedbackable) {
      node.appendChild(h('div', { className: 'wsp-chat-feedback' }));
      this.syncFeedback(m, node);
    }
    return node;
  };

  Widget.prototype.syncStatus = function (m, node) {
    node = node || this.nodes[m.id];
    if (!node) return;
    var st = node.querySelector('.wsp-chat-status');
    if (!st) return;
    var notSent = m.status === 'failed' || m.status === 'discarded';
    node.classList.toggle('wsp-chat-msg--failed', notSent);
    st.textContent = notSent ? 'Niet verzonden' : '';
  };

  Widget.prototype.syncButtons = function (m, node) {
    node = node || this.nodes[m.id];
    if (!node) return;
    var btns = node.querySelectorAll('.wsp-chat-choice');
    for (var i = 0; i < btns.length; i++) {
      var idx = Number(btns[i].getAttribute('data-idx'));
      btns[i].disabled = !!m.buttonsUsed;
      btns[i].classList.toggle('wsp-chat-choice--chosen', m.chosen === idx);
      if (m.chosen === idx) btns[i].setAttribute('aria-pressed', 'true');
    }
  };

  Widget.prototype.syncFeedback = function (m, node) {
    var self = this;
    node = node || this.nodes[m.id];
    if (!node) return;
    var box = node.querySelector('.wsp-chat-feedback');
    if (!box) return;
    while (box.firstChild) box.removeChild(box.firstChild);
    this.syncHuman();
    if (m.feedback === 'negatief' && m.zocht === 'open') {
      box.appendChild(this.renderZocht(m));
      return;
    }
    if (m.feedback === 'positief' || m.feedback === 'negatief') {
      box.appendChild(h('p', { className: 'wsp-chat-feedback-thanks', text: 'Bedankt voor uw reactie.' }));
      return;
    }
    var busy = m.feedback === 'sending';
    var up = h('button', {
      type: 'button',
      className: 'wsp-chat-fb wsp-chat-fb--up',
      'aria-label': 'Dit antwoord was nuttig',
      disabled: busy,
      onclick: function () { self.sendFeedback(m, 'positief'); }
    }, [svgIcon(ICON_THUMB)]);
    var down = h('button', {
      type: 'button',
      className: 'wsp-chat-fb wsp-chat-fb--down',
      'aria-label': 'Dit antwoord was niet nuttig',
      disabled: busy,
      onclick: function () { self.sendFeedback(m, 'negatief'); }
    }, [svgIcon(ICON_THUMB, null, 'rotate(180 12 12)')]);
    box.appendChild(h('div', { className: 'wsp-chat-fb-row', role: 'group', 'aria-label': 'Was dit antwoord nuttig?' }, [
      h('span', { className: 'wsp-chat-fb-label', 'aria-hidden': 'true', text: 'Nuttig?' }), up, down
    ]));
    if (m.feedbackError) {
      box.appendChild(h('p', { className: 'wsp-chat-feedback-error', text: 'Uw reactie kon niet worden verstuurd. Probeer het later opnieuw.' }));
    }
  };

  // After a thumbs down: "Wat zocht u?" The employer types what she was looking for (sent to the
  // assistant as an ordinary message), or asks for a person.
  Widget.prototype.renderZocht = function (m) {
    var self = this;
    var id = 'wsp-chat-zocht-' + m.id;
    var input = h('textarea', {
      id: id,
      className: 'wsp-chat-input wsp-chat-zocht-input',
      rows: '1',
      maxlength: String(this.cfg.maxLength),
      autocomplete: 'off',
      'aria-describedby': id + '-hint'
    });
    input.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        self.submitZocht(m, input);
      }
    });
    var form = h('form', { className: 'wsp-chat-zocht', novalidate: true }, [
      h('label', { className: 'wsp-chat-zocht-label', 'for': id, text: 'Wat zocht u?' }),
      h('p', { className: 'wsp-chat-zocht-hint', id: id + '-hint', text:
        'Schrijf in een paar woorden wat u wilde weten. Dan zoekt de assistent verder.' }),
      h('div', { className: 'wsp-chat-inputrow' }, [
        input,
        h('button', { type: 'submit', className: 'wsp-chat-send', 'aria-label': 'Verstuur wat u zocht' },
          [svgIcon(ICON_SEND)])
      ]),
      h('p', { className: 'wsp-chat-zocht-of' }, [
        'Liever iemand spreken?',
        h('button', {
          type: 'button',
          className: 'wsp-chat-btn wsp-chat-zocht-human',
          onclick: function () { self.zochtHuman(m); }
        }, ['Spreek een medewerker'])
      ])
    ]);
    form.addEventListener('submit', function (e) { e.preventDefault(); self.submitZocht(m, input); });
    return form;
  };

  Widget.prototype.submitZocht = function (m, input) {
    var text = input.value.trim();
    if (!text) {
      input.focus();
      return;
    }
    if (this.pending) return;
    if (this.failed) this.discardFailed();
    m.zocht = 'verstuurd';
    this.syncFeedback(m);
    this.send(text, text);
    this.input.focus();
  };

  Widget.prototype.zochtHuman = function (m) {
    if (this.pending) return;
    m.zocht = 'medewerker';
    this.syncFeedback(m);
    this.requestHuman();
  };

  // "Spreek een medewerker" above the input steps aside while a "Wat zocht u?" box offers the same
  // button, so there is never more than one.
  Widget.prototype.syncHuman = function () {
    if (!this.humanBtn) return;
    var open = false;
    for (var i = 0; i < this.messages.length; i++) {
      if (this.messages[i].zocht === 'open' && this.messages[i].feedback === 'negatief') open = true;
    }
    this.humanBtn.hidden = open;
  };

  // A new message closes "Wat zocht u?" boxes that were left open.
  Widget.prototype.closeZocht = function () {
    for (var i = 0; i < this.messages.length; i++) {
      var m = this.messages[i];
      if (m.zocht === 'open') {
        m.zocht = 'gesloten';
        this.syncFeedback(m);
      }
    }
  };

  Widget.prototype.errorMessage = function (err) {
    var tel = this.cfg.telefoon ? ' U kunt ons ook bellen: ' + this.cfg.telefoon + '.' : '';
    if (!err) return '';
    if (err.kind === 'druk') {
      if (err.tekst) return err.tekst + (tel && err.tekst.indexOf(this.cfg.telefoon) < 0 ? tel : '');
      return 'U stuurt veel berichten kort na elkaar. Wacht even' +
        (err.wacht ? ' (' + err.wacht + (err.wacht === 1 ? ' seconde' : ' seconden') + ')' : '') +
        ' en probeer het dan opnieuw.' + tel;
    }
    if (err.kind === 'timeout') {
      return 'De assistent reageert niet op tijd. Uw bericht is niet verzonden.' + tel;
    }
    if (err.kind === 'http' || err.kind === 'invalid') {
      return 'Er ging iets mis bij de assistent. Uw bericht is niet verwerkt.' + tel;
    }
    return 'Er is geen verbinding met de assistent. Uw bericht is niet verzonden. ' +
      'Controleer uw internetverbinding en probeer het opnieuw.' + tel;
  };

  Widget.prototype.syncError = function () {
    if (this.failed && this.lastError) {
      this.errorText.textContent = this.errorMessage(this.lastError);
      this.errorInner.hidden = false;
      this.retryBtn.disabled = this.pending;
    } else {
      this.errorText.textContent = '';
      this.errorInner.hidden = true;
    }
  };

  Widget.prototype.setTyping = function (on) {
    this.typingInner.hidden = !on;
    this.root.classList.toggle('wsp-chat--busy', !!on);
  };

  // instant: jump without the smooth animation (opening the panel, a reload, a page change), so
  // the newest message is in view at once and a late layout change cannot stop it halfway.
  Widget.prototype.scrollToEnd = function (instant) {
    var log = this.log;
    this.followEnd = true;
    if (instant) {
      var before = log.style.scrollBehavior;
      log.style.scrollBehavior = 'auto';
      log.scrollTop = log.scrollHeight;
      log.style.scrollBehavior = before;
    } else {
      log.scrollTop = log.scrollHeight;
    }
  };

  // After an answer: show the question and the start of the answer, so a long answer is read
  // from its first line (a short one simply ends up at the bottom).
  Widget.prototype.scrollToMessage = function (m) {
    var node = this.nodes[m.id];
    if (!node) return this.scrollToEnd();
    var delta = node.getBoundingClientRect().top - this.log.getBoundingClientRect().top;
    this.followEnd = false;
    this.log.scrollTop = Math.max(0, this.log.scrollTop + delta - 8);
  };

  Widget.prototype.syncGate = function () {
    var ok = this.privacyAcknowledged();
    this.privacyGate.hidden = ok;
    this.composer.hidden = !ok;
  };

  Widget.prototype.updateCounter = function () {
    var len = this.input.value.length;
    var max = Number(this.cfg.maxLength);
    var over = len > max;
    this.counter.textContent = len >= max * 0.8 ? len + ' / ' + max + ' tekens' : '';
    this.counter.classList.toggle('wsp-chat-counter--over', over);
    this.input.setAttribute('aria-invalid', over ? 'true' : 'false');
    var msg = over
      ? 'Uw bericht is te lang: ' + len + ' tekens. Het maximum is ' + max + ' tekens. Maak uw bericht korter.'
      : '';
    if (this.lengthMsg.textContent !== msg) this.lengthMsg.textContent = msg;
    return !over;
  };

  Widget.prototype.autosize = function () {
    // Grow with the text (up to 10 lines or so), back to the stylesheet's height when it fits.
    var el = this.input;
    el.style.height = '';
    if (el.scrollHeight > el.clientHeight) {
      el.style.height = Math.min(el.scrollHeight + 4, 160) + 'px';
    }
  };

  /* ---------------------------- open / close ------------------------ */

  Widget.prototype.open = function (opts) {
    opts = opts || {};
    if (this.isOpen) return;
    this.isOpen = true;
    this.panel.hidden = false;
    this.root.classList.add('wsp-chat--open');
    this.launcher.setAttribute('aria-expanded', 'true');
    this.session.set(this.keys.open, '1');
    this.syncGate();
    // The conversation opens at its newest message, also after a reload or on another page.
    this.scrollToEnd(true);
    if (opts.focus !== false) this.focusDefault();
  };

  Widget.prototype.close = function () {
    if (!this.isOpen) return;
    this.hideConfirm();
    this.isOpen = false;
    this.panel.hidden = true;
    this.root.classList.remove('wsp-chat--open');
    this.launcher.setAttribute('aria-expanded', 'false');
    this.session.remove(this.keys.open);
    this.launcher.focus();
  };

  Widget.prototype.toggle = function () {
    if (this.isOpen) this.close(); else this.open();
  };

  Widget.prototype.focusDefault = function () {
    if (!this.privacyAcknowledged()) this.privacyBtn.focus();
    else this.input.focus();
  };

  Widget.prototype.acknowledgePrivacy = function () {
    this.store.set(this.keys.privacy, String(Date.now()));
    this.syncGate();
    this.input.focus();
  };

  /* ---------------------------- sending ----------------------------- */

  Widget.prototype.disableOldButtons = function () {
    for (var i = 0; i < this.messages.length; i++) {
      var m = this.messages[i];
      if (m.buttons && m.buttons.length && !m.buttonsUsed) {
        m.buttonsUsed = true;
        this.syncButtons(m);
      }
    }
  };

  Widget.prototype.submit = function () {
    if (!this.privacyAcknowledged()) {
      this.privacyBtn.focus();
      return;
    }
    var text = this.input.value;
    if (!text.trim()) return;
    if (!this.updateCounter()) {
      this.input.focus();
      return;
    }
    if (this.pending) return; // keep the text in the input until the current answer arrives
    if (this.failed) this.discardFailed();
    this.input.value = '';
    this.updateCounter();
    this.autosize();
    this.send(text.trim(), text.trim());
  };

  // When the employer types something new after a failed message, the failed message is dropped
  // (it stays visible as "Niet verzonden") and will not be retried.
  Widget.prototype.discardFailed = function () {
    var m = this.failed;
    this.failed = null;
    this.lastError = null;
    if (m) {
      m.status = 'discarded';
      this.syncStatus(m);
    }
    this.syncError();
  };

  Widget.prototype.send = function (payload, display) {
    if (this.pending) return;
    this.disableOldButtons();
    this.closeZocht();
    var m = { id: randomId(), role: 'user', text: display, payload: payload, status: 'sending', ts: Date.now() };
    this.messages.push(m);
    this.save();
    this.appendNode(m);
    this.scrollToEnd();
    this.deliver(m);
  };

  Widget.prototype.post = function (message) {
    var self = this;
    var controller = typeof AbortController === 'function' ? new AbortController() : null;
    var timedOut = false;
    var timer = window.setTimeout(function () {
      timedOut = true;
      if (controller) controller.abort();
    }, Number(this.cfg.requestTimeoutMs) || 60000);
    return window.fetch(this.endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: JSON.stringify({ sender: self.sender, message: message }),
      credentials: 'omit',
      cache: 'no-store',
      signal: controller ? controller.signal : undefined
    }).then(function (res) {
      if (res.status === 429) {
        // too many messages in a short time: the channel says so politely, with Retry-After
        var wacht = parseInt(res.headers.get('Retry-After'), 10);
        return res.json().catch(function () { return []; }).then(function (body) {
          var err = new ChatError('druk', 429);
          err.tekst = (Array.isArray(body) && body[0] && typeof body[0].text === 'string') ? body[0].text : '';
          err.wacht = isFinite(wacht) ? wacht : 0;
          throw err;
        });
      }
      if (!res.ok) throw new ChatError('http', res.status);
      return res.json().catch(function () { throw new ChatError('invalid'); });
    }).then(function (data) {
      window.clearTimeout(timer);
      if (!Array.isArray(data)) throw new ChatError('invalid');
      return data;
    }, function (err) {
      window.clearTimeout(timer);
      if (err instanceof ChatError) throw err;
      throw new ChatError(timedOut ? 'timeout' : 'network');
    });
  };

  Widget.prototype.deliver = function (m) {
    var self = this;
    this.pending = true;
    this.failed = null;
    this.lastError = null;
    m.status = 'sending';
    this.syncStatus(m);
    this.syncError();
    this.setTyping(true);
    var sender = this.sender;
    return this.post(m.payload).then(function (replies) {
      if (sender !== self.sender) return; // conversation was reset meanwhile
      m.status = 'sent';
      self.syncStatus(m);
      self.addReplies(replies);
      self.save();
      return true;
    }, function (err) {
      if (sender !== self.sender) return;
      m.status = 'failed';
      self.failed = m;
      self.lastError = err;
      self.syncStatus(m);
      self.save();
    }).then(function (answered) {
      if (sender !== self.sender) return;
      self.pending = false;
      self.setTyping(false);
      self.syncError();
      if (answered) self.scrollToMessage(m); else self.scrollToEnd();
    });
  };

  Widget.prototype.retry = function () {
    if (this.pending || !this.failed) return;
    var m = this.failed;
    var focusInput = document.activeElement === this.retryBtn;
    this.deliver(m);
    if (focusInput) this.input.focus();
  };

  Widget.prototype.addReplies = function (replies) {
    var added = [];
    for (var i = 0; i < replies.length; i++) {
      var r = replies[i] || {};
      var text = typeof r.text === 'string' ? r.text : '';
      if (!text && r.custom && typeof r.custom.text === 'string') text = r.custom.text;
      var buttons = [];
      if (Array.isArray(r.buttons)) {
        for (var j = 0; j < r.buttons.length; j++) {
          var b = r.buttons[j];
          if (b && b.title != null && b.payload != null && !isHumanButton(b)) {
            buttons.push({ title: String(b.title), payload: String(b.payload) });
          }
        }
      }
      var image = typeof r.image === 'string' && safeHttpUrl(r.image) ? r.image : null;
      if (!text && !buttons.length && !image) continue;
      var m = { id: randomId(), role: 'bot', text: text, ts: Date.now() };
      if (buttons.length) m.buttons = buttons;
      if (image) m.image = image;
      added.push(m);
    }
    if (!added.length) {
      added.push({
        id: randomId(), role: 'notice', ts: Date.now(),
        text: 'De assistent gaf geen antwoord. Stel uw vraag op een andere manier, ' +
          'of kies "Spreek een medewerker".'
      });
    } else {
      var mode = this.cfg.feedback;
      var withBron = added.some(function (x) { return hasBron(x.text); });
      if (mode === 'all' || (mode === 'bron' && withBron)) {
        added[added.length - 1].feedbackable = true;
        added[added.length - 1].feedback = null;
      }
    }
    for (var k = 0; k < added.length; k++) {
      this.messages.push(added[k]);
      this.appendNode(added[k]);
    }
  };

  Widget.prototype.chooseButton = function (m, idx) {
    if (m.buttonsUsed || this.pending) return;
    var b = m.buttons[idx];
    if (!b) return;
    if (this.failed) this.discardFailed();
    m.chosen = idx;
    this.send(b.payload, b.title);
    this.input.focus();
  };

  Widget.prototype.requestHuman = function () {
    if (this.pending) return;
    if (this.failed) this.discardFailed();
    this.send('/request_human', 'Spreek een medewerker');
    this.input.focus();
  };

  Widget.prototype.sendFeedback = function (m, value) {
    var self = this;
    if (m.feedback === 'sending' || m.feedback === 'positief' || m.feedback === 'negatief') return;
    var focusBack = this.root.contains(document.activeElement);
    m.feedback = 'sending';
    m.feedbackError = false;
    this.syncFeedback(m);
    var sender = this.sender;
    // Sent silently: not shown as a user message; the bot's reply text is ignored.
    this.post('/feedback{"waardering":"' + value + '"}').then(function () {
      m.feedback = value;
      if (value === 'negatief') m.zocht = 'open';
    }, function () {
      m.feedback = null;
      m.feedbackError = true;
    }).then(function () {
      if (sender !== self.sender) return;
      self.syncFeedback(m);
      self.save();
      if (focusBack) {
        var node = self.nodes[m.id];
        var b = node && node.querySelector('.wsp-chat-zocht-input, .wsp-chat-fb');
        (b || self.input).focus();
      }
    });
  };

  // "Nieuw gesprek": ask first when there is something to lose.
  Widget.prototype.askReset = function () {
    if (!this.messages.length) {
      this.reset();
      return;
    }
    if (!this.confirmBox.hidden) {
      this.confirmNo.focus();
      return;
    }
    this.confirmBox.hidden = false;
    this.resetBtn.setAttribute('aria-expanded', 'true');
    // Focus on the safe choice: Enter by habit does not wipe the conversation.
    this.confirmNo.focus();
  };

  Widget.prototype.hideConfirm = function () {
    if (!this.confirmBox) return;
    this.confirmBox.hidden = true;
    this.resetBtn.setAttribute('aria-expanded', 'false');
  };

  Widget.prototype.cancelReset = function () {
    this.hideConfirm();
    this.resetBtn.focus();
  };

  Widget.prototype.reset = function () {
    this.hideConfirm();
    this.messages = [];
    this.failed = null;
    this.lastError = null;
    this.pending = false;
    this.setTyping(false);
    this.sender = randomId();
    this.store.set(this.keys.sender, this.sender);
    this.store.remove(this.keys.history);
    this.input.value = '';
    this.updateCounter();
    this.autosize();
    this.renderAll();
    this.syncGate();
    this.focusDefault();
  };

  /* ---------------------------- start ------------------------------- */

  function scriptBase() {
    var s = document.currentScript;
    if (s && s.src) return s.src.replace(/[^/]*$/, '');
    return null;
  }

  var BASE = scriptBase();

  /** Adds the stylesheet (once); returns the new link element, or null. */
  function loadCss(cfg) {
    var href = cfg.cssUrl || (BASE ? BASE + 'wsp-chat.css' : null);
    if (!href) return null;
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      if (links[i].href === new URL(href, document.baseURI).href) return null;
    }
    return document.head.appendChild(h('link', { rel: 'stylesheet', href: href }));
  }

  function readConfig() {
    var user = window.WSPChatConfig || {};
    var cfg = {};
    for (var k in DEFAULTS) {
      if (Object.prototype.hasOwnProperty.call(DEFAULTS, k)) cfg[k] = DEFAULTS[k];
    }
    for (var u in user) {
      if (Object.prototype.hasOwnProperty.call(user, u) && user[u] !== undefined && user[u] !== null) {
        cfg[u] = user[u];
      }
    }
    cfg.maxLength = Math.max(1, Number(cfg.maxLength) || DEFAULTS.maxLength);
    return cfg;
  }

  var api = {
    version: VERSION,
    _internal: {
      safeHttpUrl: safeHttpUrl,
      tokenizeLine: tokenizeLine,
      parseBotText: parseBotText,
      hasBron: hasBron
    }
  };
  window.WSPChat = api;

  function start() {
    if (api.widget) return;
    var cfg = readConfig();
    if (!safeHttpUrl(cfg.rasaUrl)) {
      if (window.console) window.console.error('WSPChat: WSPChatConfig.rasaUrl ontbreekt of is geen http(s)-adres.');
      return;
    }
    var css = loadCss(cfg);
    var w = new Widget(cfg);
    if (css) {
      // Until the stylesheet is there the log has no height of its own: position it again.
      css.addEventListener('load', function () {
        if (w.isOpen && w.followEnd) w.scrollToEnd(true);
      });
    }
    w.load();
    w.build();
    w.renderAll();
    w.syncGate();
    w.updateCounter();
    api.widget = w;
    api.open = function () { w.open(); };
    api.close = function () { w.close(); };
    api.reset = function () { w.reset(); };
    if (w.session.get(w.keys.open)) w.open({ focus: false });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})(window, document);
