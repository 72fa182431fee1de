/*! scorm-build learner runtime (MIT licence), shipped minified; readable source: scorm_build/theme/app.js */
/* Learner runtime: lesson navigation, quiz engine and SCORM tracking. No framework, no network.
 * Tracking goes through one port (LMS adapter or in-memory fallback); the per-version cmi names
 * live in one table (CMI). suspend_data format v1 is documented in docs/runtime.md. */
(function () {
  'use strict';
  var dataEl = document.getElementById('sco-data');
  if (!dataEl) { return; }
  var D = JSON.parse(dataEl.textContent);
  var S = D.strings;
  function fmt(s, o) { return s.replace(/\{(\w+)\}/g, function (m, k) { return o[k]; }); }
  function $(id) { return document.getElementById(id); }

  /* ---- SHA-256 (answer keys are salted hashes; crypto.subtle is missing outside https) ---- */
  var K = [];
  (function () {
    var n = 2, c = 0;
    function frac(x) { return ((x - Math.floor(x)) * 4294967296) | 0; }
    while (c < 64) {
      var prime = true;
      for (var f = 2; f * f <= n; f++) { if (n % f === 0) { prime = false; break; } }
      if (prime) { K[c++] = frac(Math.pow(n, 1 / 3)); }
      n++;
    }
  })();
  function sha256hex(str) {
    var bytes = unescape(encodeURIComponent(str)), l = bytes.length, i, j;
    var words = [], H = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    for (i = 0; i < l; i++) { words[i >> 2] |= bytes.charCodeAt(i) << (24 - (i % 4) * 8); }
    words[l >> 2] |= 0x80 << (24 - (l % 4) * 8);
    words[(((l + 8) >> 6) << 4) + 15] = l * 8;
    for (i = 0; i < words.length; i += 16) {
      var w = [], a = H[0], b = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7];
      for (j = 0; j < 64; j++) {
        if (j < 16) { w[j] = words[i + j] | 0; } else {
          var x = w[j - 15], y = w[j - 2];
          w[j] = (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) + w[j - 7] +
                 (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10)) + w[j - 16] | 0;
        }
        var t1 = h + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) +
                 ((e & f) ^ (~e & g)) + K[j] + w[j] | 0;
        var t2 = (((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) +
                 ((a & b) ^ (a & c) ^ (b & c)) | 0;
        h = g; g = f; f = e; e = d + t1 | 0; d = c; c = b; b = a; a = t1 + t2 | 0;
      }
      H = [H[0] + a | 0, H[1] + b | 0, H[2] + c | 0, H[3] + d | 0, H[4] + e | 0, H[5] + f | 0, H[6] + g | 0, H[7] + h | 0];
    }
    return H.map(function (v) { return ('00000000' + (v >>> 0).toString(16)).slice(-8); }).join('');
  }

  /* ---- LMS port: one table of cmi names per version ---- */
  var CMI = {
    '1.2': { api: 'API', init: 'LMSInitialize', finish: 'LMSFinish', get: 'LMSGetValue', set: 'LMSSetValue',
      commit: 'LMSCommit', location: 'cmi.core.lesson_location', suspend: 'cmi.suspend_data',
      name: 'cmi.core.student_name', learner: 'cmi.core.student_id', status: 'cmi.core.lesson_status',
      raw: 'cmi.core.score.raw', min: 'cmi.core.score.min', max: 'cmi.core.score.max', time: 'cmi.core.session_time',
      exit: 'cmi.core.exit', ix: 'cmi.interactions.', response: 'student_response', stamp: 'time', wrong: 'wrong',
      error: 'LMSGetLastError', limit: 4096 },
    '2004': { api: 'API_1484_11', init: 'Initialize', finish: 'Terminate', get: 'GetValue', set: 'SetValue',
      commit: 'Commit', location: 'cmi.location', suspend: 'cmi.suspend_data', name: 'cmi.learner_name',
      learner: 'cmi.learner_id', completion: 'cmi.completion_status', success: 'cmi.success_status',
      raw: 'cmi.score.raw', min: 'cmi.score.min', max: 'cmi.score.max', scaled: 'cmi.score.scaled',
      time: 'cmi.session_time', exit: 'cmi.exit', ix: 'cmi.interactions.', response: 'learner_response',
      stamp: 'timestamp', wrong: 'incorrect', error: 'GetLastError', limit: 64000 }
  };

  function findApi() {
    var hint = /[?&]scorm=2004/.test(location.search) ? ['2004', '1.2'] : /[?&]scorm=1\.2/.test(location.search) ? ['1.2', '2004'] : ['2004', '1.2'];
    var wins = [], w = window, n = 0;
    try {
      while (w && n < 12) { wins.push(w); if (w.parent === w) { break; } w = w.parent; n++; }
      if (window.opener) { w = window.opener; n = 0; while (w && n < 12) { wins.push(w); if (w.parent === w) { break; } w = w.parent; n++; } }
    } catch (e) { /* a foreign frame: stop searching there */ }
    for (var v = 0; v < hint.length; v++) {
      for (var i = 0; i < wins.length; i++) {
        try { var api = wins[i][CMI[hint[v]].api]; if (api) { return { api: api, names: CMI[hint[v]], version: hint[v] }; } } catch (e) { /* cross-origin */ }
      }
    }
    return null;
  }

  var memory = {};
  var lms = findApi();
  var port = {
    live: false, version: lms ? lms.version : null, names: lms ? lms.names : CMI['2004'], started: false, ended: false,
    call: function (fn, a, b) {
      if (!this.live) { return fn === 'get' ? (memory[a] || '') : 'true'; }
      try { return String(lms.api[this.names[fn]].apply(lms.api, b === undefined ? (a === undefined ? [''] : [a]) : [a, b])); }
      catch (e) { return fn === 'get' ? '' : 'false'; }
    },
    start: function () {
      if (this.started) { return; }
      this.started = true;
      this.live = !!lms; // call() goes to the LMS only when live
      if (lms) { this.live = this.call('init') === 'true' || alreadyInitialised(); }
      if (!this.live) { note(S.standalone); }
    },
    get: function (key) { return this.live ? this.call('get', this.names[key] || key) : (memory[key] || ''); },
    set: function (key, value) {
      if (!this.live) { memory[key] = String(value); return true; }
      return this.call('set', this.names[key] || key, String(value)) === 'true';
    },
    commit: function () { return this.live ? this.call('commit') === 'true' : true; },
    end: function () {
      if (this.ended || !this.started) { return; }
      this.ended = true;
      if (this.live) { if (endByCommit) { this.call('commit'); } else { this.call('finish'); } }
    }
  };
  /* Moodle keeps one SCORM 2004 API object for every SCO of a player page and never resets it after
   * Terminate (mod/scorm/datamodels/scorm_13.js), so a multi-SCO package for Moodle ends a session with
   * Commit (manifest parameter ?end=commit, lmsprofile.py) and the next SCO finds the API still
   * initialised: Initialize answers 103 but the API has switched to that SCO and works. */
  var endByCommit = /[?&]end=commit(&|$)/.test(location.search);
  function alreadyInitialised() {
    try { return port.version === '2004' && String(lms.api[port.names.error]()) === '103'; } catch (e) { return false; }
  }

  function note(text) { var n = $('notice'); if (n) { n.textContent = text; n.hidden = false; } }

  /* ---- state: suspend_data format v2 (docs/runtime.md) ---- */
  var lessonIds = D.lessons, quiz = D.quiz;
  var state = { seen: lessonIds.map(function () { return 0; }), cur: 0, att: 0, best: -1, passed: 0, drawn: [], answers: [], done: 0,
    n: 0, nonce: '' };
  /* what the LMS already holds when the session starts: the package never reports less */
  var held = { passed: false, completed: false, raw: -1 };
  var courseKey = sha256hex(lessonIds.join(',') + '|' + (quiz ? quiz.questions.map(function (q) { return q.id; }).join(',') : '')).slice(0, 8);
  var startedAt = Date.now();

  function encodeState() {
    return JSON.stringify({ v: 2, n: state.n, z: state.nonce, k: courseKey, s: state.seen.join(''), c: state.cur, a: state.att,
      b: state.best, p: state.passed, d: state.drawn, r: state.answers, f: state.done, m: planUsed() ? state.m : undefined });
  }
  function parseState(text) { /* a v2 object, v1 migrated; null when it is not ours */
    var o;
    try { o = JSON.parse(text); } catch (e) { return null; }
    if (!o || typeof o !== 'object') { return null; }
    if (o.v === 1) { o = { v: 2, n: 0, z: '', k: '', s: o.s, c: o.c, a: o.a, b: o.b, p: o.p, d: o.d, r: o.r, f: o.f }; }
    return o.v === 2 && typeof o.s === 'string' ? o : null;
  }
  function fitsBank(d) {
    return !!quiz && Array.isArray(d) && d.every(function (i) { return i === (i | 0) && i >= 0 && i < quiz.questions.length; });
  }
  function applyState(o) {
    /* same course: everything back; another version (lessons or bank changed): attempts, best score and
     * pass are kept, lessons and the open draw start again */
    var same = o.k ? o.k === courseKey : o.s.length === lessonIds.length;
    state.n = o.n | 0; state.nonce = typeof o.z === 'string' ? o.z : '';
    state.att = o.a | 0; state.best = typeof o.b === 'number' ? o.b : -1; state.passed = o.p ? 1 : 0;
    if (same) {
      state.seen = lessonIds.map(function (x, k) { return o.s.charAt(k) === '1' ? 1 : 0; });
      state.cur = Math.max(0, Math.min(o.c | 0, lessonIds.length - 1));
      state.drawn = o.d || []; state.answers = o.r || []; state.done = o.f ? 1 : 0;
    }
    if (!fitsBank(state.drawn) || state.answers.length !== state.drawn.length) { state.drawn = []; state.answers = []; state.done = 0; }
    if (Array.isArray(o.m)) { state.m = o.m.map(function (x) { return typeof x === 'string' ? x : ''; }); } /* the learner's own words: kept across versions */
  }
  function newNonce() {
    var b = new Uint8Array(6);
    try { window.crypto.getRandomValues(b); } catch (e) { for (var i = 0; i < 6; i++) { b[i] = Math.floor(Math.random() * 256); } }
    return Array.prototype.map.call(b, function (x) { return (x % 36).toString(36); }).join('') + Date.now().toString(36).slice(-4);
  }
  /* a copy of the newest state in this browser: when the LMS stored an older save of the same attempt
   * (saves that arrived out of order), the higher counter wins */
  function localKey() { return 'scorm-build:' + D.programme + ':' + D.page + ':' + learner(); }
  function localGet() { try { return window.localStorage.getItem(localKey()); } catch (e) { return null; } }
  function localPut(text) { try { window.localStorage.setItem(localKey(), text); } catch (e) { /* storage off: the LMS copy is all */ } }
  function resume() {
    var stored = port.get('suspend'), o = stored ? parseState(stored) : null;
    if (o && o.z && port.live) {
      var mine = parseState(localGet() || '');
      if (mine && mine.z === o.z && (mine.n | 0) > (o.n | 0)) { o = mine; }
    }
    if (o) { applyState(o); }
    if (!state.nonce) { state.nonce = newNonce(); } /* empty suspend_data: a new LMS attempt, a new draw */
    readHeld();
    return !!o;
  }
  function readHeld() {
    if (!port.live) { return; }
    if (port.version === '1.2') {
      var st = port.get('status');
      held.passed = st === 'passed'; held.completed = st === 'passed' || st === 'completed';
    } else {
      held.passed = port.get('success') === 'passed'; held.completed = port.get('completion') === 'completed';
    }
    var raw = parseFloat(port.get('raw'));
    held.raw = isNaN(raw) ? -1 : raw;
    if (held.passed) { state.passed = 1; }
    state.best = Math.max(state.best, held.raw);
    sent.raw = held.raw;
  }

  /* ---- saving: commit on change and page hide, retry on failure, tell the learner ----
   * The status is committed before the score, in a commit of its own: Moodle computes activity
   * completion when it stores the score, with the status it holds at that moment. */
  var failed = false, retryTimer = null, sent = { raw: -1 }, lostNoted = false;
  function save() {
    state.n += 1;
    var text = encodeState();
    if (port.live) { localPut(text); }
    var kept = port.set('suspend', text) && port.get('suspend').length === text.length;
    if (!kept && !lostNoted) { lostNoted = true; note(S.saved_partial); }
    port.set('location', lessonIds[state.cur]);
    report();
    var ok = port.commit();
    if (ok && state.best >= 0 && state.best !== sent.raw) {
      reportScore();
      ok = port.commit();
      if (ok) { sent.raw = state.best; }
    }
    if (!ok) {
      if (!failed) { note(S.saved_error); }
      failed = true;
      clearTimeout(retryTimer);
      retryTimer = setTimeout(save, 3000);
    } else if (failed) { failed = false; note(S.saved_again); }
    return ok;
  }
  function allSeen() {
    for (var i = 0; i < lessonIds.length; i++) { if (lessonIds[i] !== 'quiz' && !state.seen[i]) { return false; } }
    return true;
  }
  function report() { /* status and exit; never below what the LMS held at the start */
    var passed = !!state.passed, tried = state.att > 0, complete = allSeen() && (D.completion === 'lessons' || !quiz || passed);
    complete = complete || held.completed;
    if (port.version === '1.2' || !port.live) {
      var pair = D.status.split('-'), st = 'incomplete';
      if (pair[0] === 'passed') { st = passed ? 'passed' : (tried && pair[1] === 'failed' ? 'failed' : 'incomplete'); }
      else { st = complete ? 'completed' : (tried && !passed && pair[1] === 'failed' ? 'failed' : 'incomplete'); }
      if (held.passed) { st = 'passed'; } else if (held.completed && st !== 'passed') { st = 'completed'; }
      port.set('status', st);
    }
    if (port.version === '2004') {
      port.set('completion', complete ? 'completed' : 'incomplete');
      port.set('success', passed ? 'passed' : (tried ? 'failed' : 'unknown'));
    }
    port.set('exit', complete && (passed || !quiz) ? '' : 'suspend');
  }
  function reportScore() {
    port.set('min', 0); port.set('max', 100); port.set('raw', state.best);
    if (port.version === '2004') { port.set('scaled', (state.best / 100).toString()); }
  }
  function sessionTime() {
    var cs = Math.round((Date.now() - startedAt) / 10), s = Math.floor(cs / 100), h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
    var sec = s % 60, frac = cs % 100;
    if (port.version === '1.2') {
      return (h < 10 ? '000' : h < 100 ? '00' : h < 1000 ? '0' : '') + h + ':' + (m < 10 ? '0' : '') + m + ':' +
        (sec < 10 ? '0' : '') + sec + '.' + (frac < 10 ? '0' : '') + frac;
    }
    return 'PT' + h + 'H' + m + 'M' + sec + '.' + (frac < 10 ? '0' : '') + frac + 'S';
  }
  function finish() {
    if (port.ended || !port.started) { return; }
    port.set('time', sessionTime());
    save();
    port.end();
  }
  /* pagehide only: beforeunload also fires for a mailto: link while the page stays open */
  window.addEventListener('pagehide', finish);
  document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'hidden' && port.started && !port.ended) { save(); } });

  /* ---- lesson navigation ---- */
  var sections = lessonIds.map(function (id) { return document.querySelector('section.lesson[data-lesson="' + id + '"]'); });
  var objectives = Array.prototype.slice.call(document.querySelectorAll('section.objectives'));
  var links = Array.prototype.slice.call(document.querySelectorAll('nav.toc a[data-lesson]'));
  var pager = document.querySelector('nav.pager');
  function show(i, focus) {
    state.cur = Math.max(0, Math.min(i, lessonIds.length - 1));
    state.seen[state.cur] = 1;
    sections.forEach(function (s, k) { s.hidden = k !== state.cur; });
    objectives.forEach(function (o) { o.hidden = o.getAttribute('data-with') !== lessonIds[state.cur]; });
    links.forEach(function (a, k) {
      if (k === state.cur) { a.setAttribute('aria-current', 'step'); } else { a.removeAttribute('aria-current'); }
      a.classList.toggle('seen', !!state.seen[k]);
    });
    $('prev').disabled = state.cur === 0;
    $('next').disabled = state.cur === lessonIds.length - 1;
    var seen = state.seen.reduce(function (a, b) { return a + b; }, 0);
    $('progress-text').textContent = fmt(S.progress_text, { seen: seen, total: lessonIds.length });
    $('progress-bar').style.width = Math.round(100 * seen / lessonIds.length) + '%';
    if (focus) { sections[state.cur].querySelector('h2').focus(); window.scrollTo(0, 0); }
    if (lessonIds[state.cur] === 'quiz') { quizEnter(); }
    save();
  }
  links.forEach(function (a, k) { a.addEventListener('click', function (ev) { ev.preventDefault(); show(k, 'heading'); }); });
  $('prev').addEventListener('click', function () { show(state.cur - 1, 'heading'); });
  $('next').addEventListener('click', function () { show(state.cur + 1, 'heading'); });

  /* ---- quiz engine ---- */
  var form = $('quiz-form');
  /* draw: begin (a test runs this part on its own) */
  function rng(seed) {
    var a = parseInt(sha256hex(seed).slice(0, 8), 16);
    return function () { a = a + 0x6D2B79F5 | 0; var t = Math.imul(a ^ a >>> 15, 1 | a); t = t + Math.imul(t ^ t >>> 7, 61 | t) ^ t; return ((t ^ t >>> 14) >>> 0) / 4294967296; };
  }
  function shuffle(list, r) { for (var i = list.length - 1; i > 0; i--) { var j = Math.floor(r() * (i + 1)), t = list[i]; list[i] = list[j]; list[j] = t; } return list; }
  function draw(seed) {
    /* Scored questions only: at least rules.minCase case items, at most rules.maxRecall recall items,
       every priority value covered, never two questions that reveal each other's answer (q.x). */
    var r = rng(seed), qs = quiz.questions, rules = quiz.rules, picked = [], cases = 0, recalls = 0;
    var order = shuffle(qs.map(function (q, i) { return i; }).filter(function (i) { return qs[i].c !== 'dilemma'; }), r);
    var n = Math.min(quiz.draw, order.length);
    function ok(i) {
      if (picked.indexOf(i) >= 0 || (qs[i].c === 'recall' && recalls >= rules.maxRecall)) { return false; }
      return !picked.some(function (j) { return qs[i].x.indexOf(j) >= 0 || qs[j].x.indexOf(i) >= 0; });
    }
    function take(i) { picked.push(i); if (qs[i].c === 'case') { cases++; } if (qs[i].c === 'recall') { recalls++; } }
    function first(test) { for (var k = 0; k < order.length; k++) { if (ok(order[k]) && test(qs[order[k]])) { return order[k]; } } return -1; }
    quiz.priorities.forEach(function (v) {
      if (picked.some(function (i) { return qs[i].v.indexOf(v) >= 0; })) { return; }
      var i = first(function (q) { return q.c === 'case' && q.v.indexOf(v) >= 0; });
      if (i < 0) { i = first(function (q) { return q.v.indexOf(v) >= 0; }); }
      if (i >= 0) { take(i); }
    });
    while (cases < rules.minCase && picked.length < n) { var c = first(function (q) { return q.c === 'case'; }); if (c < 0) { break; } take(c); }
    while (picked.length < n) { var o = first(function () { return true; }); if (o < 0) { break; } take(o); }
    return picked.sort(function (a, b) { return a - b; });
  }
  /* draw: end */
  function learner() { return port.get('learner') || 'anonymous'; }
  function fieldset(i) { return $('q-' + i); }
  function readAnswer(i) {
    var q = quiz.questions[i], fs = fieldset(i);
    if (q.t === 'matching') {
      var sel = fs.querySelectorAll('select'), out = [];
      for (var k = 0; k < sel.length; k++) { if (sel[k].value === '') { return ''; } out.push(sel[k].value); }
      return out.join('.');
    }
    return Array.prototype.slice.call(fs.querySelectorAll('input:checked')).map(function (x) { return x.value; }).join(',');
  }
  function writeAnswer(i, ans) {
    var q = quiz.questions[i], fs = fieldset(i);
    if (q.t === 'matching') {
      var parts = ans ? ans.split('.') : [];
      Array.prototype.forEach.call(fs.querySelectorAll('select'), function (s, k) { s.value = parts[k] || ''; });
    } else {
      var chosen = ans ? ans.split(',') : [];
      Array.prototype.forEach.call(fs.querySelectorAll('input'), function (x) { x.checked = chosen.indexOf(x.value) >= 0; });
    }
  }
  function keyOf(i) { /* recover the right answer from its salted hash */
    var q = quiz.questions[i], cands = [], k, m;
    function h(c) { return sha256hex(quiz.salt + ':' + q.id + ':' + c).slice(0, 16) === q.k; }
    if (q.t === 'multiple') {
      for (m = 1; m < (1 << q.n); m++) { var c = []; for (k = 0; k < q.n; k++) { if (m & (1 << k)) { c.push(k); } } cands.push(c.join(',')); }
    } else if (q.t === 'matching') {
      var total = Math.pow(q.r, q.n);
      for (m = 0; m < total; m++) { var x = m, p = []; for (k = 0; k < q.n; k++) { p.push(x % q.r); x = Math.floor(x / q.r); } cands.push(p.join('.')); }
    } else { for (k = 0; k < q.n; k++) { cands.push(String(k)); } }
    for (k = 0; k < cands.length; k++) { if (h(cands[k])) { return cands[k]; } }
    return null;
  }
  function scoreOf(q, ans, key) {
    if (q.t === 'multiple') {
      var right = key.split(','), chosen = ans.split(','), hit = 0, miss = 0;
      chosen.forEach(function (c) { if (right.indexOf(c) >= 0) { hit++; } else { miss++; } });
      return Math.max(0, (hit - miss) / right.length);
    }
    if (q.t === 'matching') {
      var a = ans.split('.'), b = key.split('.'), ok = 0;
      for (var k = 0; k < b.length; k++) { if (a[k] === b[k]) { ok++; } }
      return ok / b.length;
    }
    return ans === key ? 1 : 0;
  }
  function decode(q, answer) { /* the feedback's key needs the right answer: it reveals nothing before that */
    var key = sha256bytes(quiz.salt + ':' + q.id + ':' + answer + ':fb'), raw = atob(q.f), out = '';
    for (var i = 0; i < raw.length; i++) { out += String.fromCharCode(raw.charCodeAt(i) ^ key[i % 32]); }
    return JSON.parse(decodeURIComponent(escape(out)));
  }
  function sha256bytes(s) { var hex = sha256hex(s), b = []; for (var i = 0; i < 64; i += 2) { b.push(parseInt(hex.substr(i, 2), 16)); } return b; }

  function quizEnter() {
    if (!quiz) { return; }
    if (state.drawn.length && !state.done) { present(); return; }
    if (state.done) { present(); showResult(); return; }
    $('quiz-start').hidden = false;
  }
  function attemptsLeft() { return !quiz.maxAttempts || state.att < quiz.maxAttempts; }
  function startAttempt() {
    state.drawn = draw(learner() + ':' + D.page + ':' + state.nonce + ':' + (state.att + 1)); /* nonce: one per LMS attempt */
    state.answers = state.drawn.map(function () { return ''; });
    state.done = 0;
    present();
    save();
    var first = fieldset(state.drawn[0]).querySelector('input, select');
    if (first) { first.focus(); }
  }
  function present() {
    $('quiz-start').hidden = true;
    form.hidden = false;
    $('quiz-retry').hidden = true;
    Array.prototype.forEach.call(form.querySelectorAll('fieldset.question'), function (fs) {
      var i = +fs.getAttribute('data-q'), pos = state.drawn.indexOf(i);
      fs.hidden = pos < 0;
      fs.parentNode.hidden = pos < 0; /* the question's block: number, scenario, fieldset */
      fs.disabled = !!state.done;
      if (pos >= 0) {
        fs.parentNode.querySelector('.qnum').textContent = fmt(S.question, { n: pos + 1, total: state.drawn.length }) + ':';
        writeAnswer(i, state.answers[pos]);
        if (!state.done) { clearFeedback(fs); }
      }
    });
    $('quiz-submit').hidden = !!state.done;
    showDilemmas();
  }
  /* ---- dilemmas: ungraded, shown beside the scored questions, each choice reported as 'neutral' ---- */
  function showDilemmas() { var d = $('dilemmas'); if (d) { d.hidden = false; } }
  function dilemmaShow(fs) {
    var i = +fs.getAttribute('data-d'), q = quiz.questions[i], chosen = fs.querySelector('input:checked'), out = fs.querySelector('.result');
    if (!chosen) { out.textContent = S.dilemma_choose; return; }
    var fb = decode(q, ''), o = +chosen.value;
    Array.prototype.forEach.call(fs.querySelectorAll('.opt'), function (d, k) {
      var p = d.querySelector('.fb'); p.hidden = false; p.innerHTML = fb.o[k]; /* trusted: sanitised at build time */
      d.classList.toggle('chosen', k === o);
    });
    out.innerHTML = fb.e;
    if (fs.getAttribute('data-sent') !== String(o)) { fs.setAttribute('data-sent', String(o)); recordDilemma(q, o); }
  }
  function recordDilemma(q, o) {
    var n = parseInt(port.get('cmi.interactions._count'), 10) || 0, p = port.names.ix + n + '.', now = new Date();
    port.set(p + 'id', q.id);
    port.set(p + 'type', 'choice');
    if (port.version === '1.2') {
      port.set(p + 'time', fmtIso(now).slice(11));
      port.set(p + 'student_response', String.fromCharCode(97 + o));
    } else {
      port.set(p + 'timestamp', fmtIso(now));
      port.set(p + 'description', q.d.slice(0, 250));
      port.set(p + 'learner_response', q.i[o]);
    }
    port.set(p + 'result', 'neutral');
    port.commit();
  }
  if ($('dilemmas')) {
    $('dilemmas').addEventListener('click', function (ev) {
      if (ev.target.classList.contains('dilemma-show')) { dilemmaShow(ev.target.closest('fieldset.dilemma')); }
    });
  }
  function clearFeedback(fs) {
    Array.prototype.forEach.call(fs.querySelectorAll('.fb, .result'), function (e) { e.hidden = true; e.textContent = ''; });
    fs.classList.remove('right', 'wrong', 'partly');
  }
  form.addEventListener('change', function (ev) {
    var fs = ev.target.closest('fieldset.question');
    if (!fs || state.done) { return; }
    var i = +fs.getAttribute('data-q'), pos = state.drawn.indexOf(i);
    state.answers[pos] = readAnswer(i);
    save();
  });
  $('quiz-start').addEventListener('click', startAttempt);
  $('quiz-retry').addEventListener('click', function () { $('certificate').hidden = true; $('quiz-result').hidden = true; startAttempt(); });

  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    if (state.done) { return; }
    var open = [];
    state.drawn.forEach(function (i, pos) { state.answers[pos] = readAnswer(i); if (!state.answers[pos]) { open.push(pos + 1); } });
    var res = $('quiz-result');
    if (open.length) {
      res.hidden = false; res.className = 'quiz-result warn';
      res.textContent = fmt(S.unanswered, { list: open.join(', ') });
      res.focus();
      return;
    }
    var total = 0, base = parseInt(port.get('cmi.interactions._count'), 10) || 0, now = new Date();
    state.drawn.forEach(function (i, pos) {
      var q = quiz.questions[i], key = keyOf(i), s = scoreOf(q, state.answers[pos], key);
      total += s;
      record(base + pos, q, state.answers[pos], key, s, now);
    });
    var score = Math.round(100 * total / state.drawn.length);
    state.att += 1; state.done = 1;
    state.best = Math.max(state.best, score);
    if (score >= D.mastery) { state.passed = 1; }
    state.lastScore = score;
    present(); showResult(); save();
    res.focus();
  });

  function fmtIso(d) { function p(n) { return (n < 10 ? '0' : '') + n; } return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + 'T' + p(d.getHours()) + ':' + p(d.getMinutes()) + ':' + p(d.getSeconds()); }
  /* Interaction data (docs/runtime.md): 1.2 letters a, b, c… by option position (matching 1.a,2.c);
   * 2004 the options' own ids from the bank joined by [,] (matching left[.]right), and the prompt. */
  function letter(k) { return String.fromCharCode(97 + (+k)); }
  function response(q, ans) {
    if (port.version === '1.2') {
      if (q.t === 'truefalse') { return ans === '0' ? 't' : 'f'; }
      if (q.t === 'matching') { return ans.split('.').map(function (r, k) { return (k + 1) + '.' + letter(r); }).join(','); }
      return ans.split(',').map(letter).join(',');
    }
    if (q.t === 'truefalse') { return ans === '0' ? 'true' : 'false'; }
    if (q.t === 'matching') { return ans.split('.').map(function (r, k) { return q.i[0][k] + '[.]' + q.i[1][+r]; }).join('[,]'); }
    return ans.split(',').map(function (k) { return q.i[+k]; }).join('[,]');
  }
  function record(n, q, ans, key, s, now) {
    var p = port.names.ix + n + '.', v12 = port.version === '1.2';
    var type = q.t === 'truefalse' ? 'true-false' : q.t === 'matching' ? 'matching' : 'choice';
    port.set(p + 'id', q.id);
    port.set(p + 'type', type);
    if (v12) {
      port.set(p + 'time', fmtIso(now).slice(11));
    } else {
      port.set(p + 'timestamp', fmtIso(now));
      port.set(p + 'description', q.d.slice(0, 250));
    }
    port.set(p + 'correct_responses.0.pattern', response(q, key));
    port.set(p + port.names.response, response(q, ans));
    port.set(p + 'weighting', 1);
    port.set(p + 'result', s === 1 ? 'correct' : (s === 0 ? port.names.wrong : (v12 ? port.names.wrong : s.toFixed(2))));
    var sec = Math.max(1, Math.round((Date.now() - startedAt) / 1000));
    port.set(p + 'latency', v12 ? fmtSpan(sec) : 'PT' + sec + 'S');
  }
  function fmtSpan(sec) { var h = Math.floor(sec / 3600), m = Math.floor(sec / 60) % 60, s = sec % 60; return (h < 10 ? '0' : '') + h + ':' + (m < 10 ? '0' : '') + m + ':' + (s < 10 ? '0' : '') + s; }

  function showResult() {
    var res = $('quiz-result'), score = state.lastScore !== undefined ? state.lastScore : state.best;
    state.drawn.forEach(function (i, pos) { showFeedback(i, state.answers[pos]); });
    res.hidden = false;
    res.className = 'quiz-result ' + (state.passed ? 'ok' : 'warn');
    res.textContent = fmt(S.score, { score: score }) + ' ' + (state.passed ? S.passed : fmt(S.failed, { mastery: D.mastery }) +
      (attemptsLeft() ? '' : ' ' + S.no_attempts));
    $('quiz-retry').hidden = !!state.passed || !attemptsLeft();
    if (state.passed) { certificate(); }
  }
  function showFeedback(i, ans) {
    var q = quiz.questions[i], fs = fieldset(i), key = keyOf(i), s = scoreOf(q, ans, key), fb = decode(q, key);
    fs.classList.add(s === 1 ? 'right' : s === 0 ? 'wrong' : 'partly');
    var out = fs.querySelector('.result');
    out.hidden = false;
    out.innerHTML = '';
    var head = document.createElement('p');
    head.className = 'verdict';
    head.textContent = s === 1 ? S.right : s === 0 ? S.wrong : S.partly;
    out.appendChild(head);
    if (quiz.feedback) {
      if (q.t !== 'matching') {
        ans.split(',').forEach(function (o) {
          var p = fs.querySelectorAll('.opt .fb')[+o];
          if (p && fb.o[+o]) { p.hidden = false; p.innerHTML = fb.o[+o]; } /* trusted: sanitised at build time */
        });
      }
      var e = document.createElement('div'); e.className = 'explanation'; e.innerHTML = fb.e; out.appendChild(e);
    }
    if (quiz.review && s < 1) {
      var labels = q.t === 'matching'
        ? key.split('.').map(function (r, k) { var sel = fs.querySelectorAll('select')[k]; return sel.labels[0].textContent + ' → ' + sel.options[+r + 1].textContent; })
        : key.split(',').map(function (k) { return fs.querySelectorAll('.opt label')[+k].textContent; });
      var r = document.createElement('p'); r.textContent = fmt(S.right_answer, { answer: labels.join('; ') }); out.appendChild(r);
    }
  }
  function certificate() {
    var c = $('certificate'), name = port.get('name') || S.learner_unknown;
    if (/,/.test(name)) { name = name.split(',').reverse().join(' ').trim(); } /* LMSs give "Last, First" */
    $('cert-text').textContent = fmt(S.certificate_text, { name: name, module: D.called, programme: D.programmeTitle, term: D.term });
    $('cert-date').textContent = new Date().toLocaleDateString('nl-NL', { year: 'numeric', month: 'long', day: 'numeric' });
    $('cert-score').textContent = state.best + ' %';
    c.hidden = false;
  }
  $('cert-print').addEventListener('click', function () { window.print(); });

  /* ---- action plan ("Mijn actieplan", "Na 100 dagen"): state.m in suspend_data (docs/runtime.md) ----
   * m is a flat list of strings: per row pick, action, who, when, outcome; then one answer per question. */
  var PLAN_FIELDS = ['pick', 'action', 'who', 'when', 'outcome'];
  var planEl = $('plan'), followEl = $('followup'), planRoot = planEl || followEl, planNear = {};
  var planRows = planRoot ? +planRoot.getAttribute('data-rows') : 0;
  var planInputs = Array.prototype.slice.call(document.querySelectorAll('#plan [data-f], #followup [data-f]'));
  function planUsed() { return !!state.m && state.m.some(function (x) { return x !== ''; }); }
  function planSlot(key) {
    var m = /^(\d+)-(\w+)$/.exec(key);
    return m ? (+m[1]) * PLAN_FIELDS.length + PLAN_FIELDS.indexOf(m[2]) : planRows * PLAN_FIELDS.length + (+key.slice(1));
  }
  function planGet(r, f) { return (state.m && state.m[r * PLAN_FIELDS.length + PLAN_FIELDS.indexOf(f)]) || ''; }
  function planClean(el) { /* no control characters (JSON would write them as \uXXXX) nor lone surrogates; within maxlength */
    var v = el.value.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, ' ')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|([^\ud800-\udbff]|^)[\udc00-\udfff]/g, '$1');
    var max = +el.getAttribute('maxlength') || (el.type === 'date' ? 10 : 3);
    return v.slice(0, max);
  }
  function planCount(el, announce) {
    var c = $(el.id + '-n'), max = +el.getAttribute('maxlength');
    if (!c) { return; }
    var n = el.value.length, left = max - n, level = left <= 0 ? 'full' : left <= 20 ? 'near' : '';
    c.textContent = fmt(S.plan_count, { n: n, max: max });
    if (announce && level && planNear[el.id] !== level) { /* the live region speaks once per threshold, not per key */
      el.closest('section').querySelector('.plan-live').textContent = level === 'full' ? fmt(S.plan_count_full, { max: max }) : fmt(S.plan_count_near, { left: left });
    }
    planNear[el.id] = level;
  }
  function planPick(r) { /* the chosen perspective or value, as text */
    var p = planGet(r, 'pick'), sel = $('plan-' + r + '-pick');
    if (!p || !sel) { return ''; }
    var opt = sel.querySelector('option[value="' + p + '"]');
    return opt && p !== 'e' ? opt.textContent : '';
  }
  function planTitle(r) { var el = document.querySelector('#plan [data-row="' + r + '"] legend, #followup .plan-row:nth-of-type(' + (r + 1) + ') h4'); return el ? el.textContent : fmt(S.plan_row, { n: r + 1 }); }
  function planDate(v) { var d = new Date(v + 'T00:00:00'); return isNaN(d) ? v : d.toLocaleDateString('nl-NL', { year: 'numeric', month: 'long', day: 'numeric' }); }
  function planDoc() { /* the plan as [kind, text] pairs: the printed sheet and the downloaded file */
    var out = [['h', S.plan + ' · ' + D.called]], r, qs = planEl ? planEl.querySelectorAll('.plan-answers label') : [];
    for (r = 0; r < planRows; r++) {
      out.push(['r', planTitle(r)]);
      var pick = planPick(r), act = planGet(r, 'action'), who = planGet(r, 'who'), when = planGet(r, 'when'), got = planGet(r, 'outcome');
      if (pick) { out.push(['p', pick]); }
      out.push(['p', S.plan_action + ': ' + (act || S.plan_empty)]);
      out.push(['p', S.plan_who + ' ' + (who || S.plan_empty) + ' · ' + S.plan_when + ' ' + (when ? planDate(when) : S.plan_empty)]);
      if (got) { out.push(['p', S.followup_outcome + ' ' + got]); }
    }
    if (qs.length) { out.push(['r', S.plan_answers]); }
    Array.prototype.forEach.call(qs, function (l, i) {
      out.push(['q', l.textContent]);
      out.push(['p', (state.m && state.m[planSlot('q' + i)]) || S.plan_empty]);
    });
    return out;
  }
  function planSheet() {
    var sheet = $('plan-sheet');
    if (sheet) {
      sheet.textContent = '';
      planDoc().forEach(function (x) {
        var e = document.createElement(x[0] === 'h' ? 'h3' : x[0] === 'r' ? 'h4' : 'p');
        if (x[0] === 'q') { e.className = 'q'; }
        e.textContent = x[1]; sheet.appendChild(e);
      });
    }
    for (var r = 0; r < planRows && followEl; r++) {
      var planned = [planPick(r), planGet(r, 'action'), planGet(r, 'who') && S.plan_who + ' ' + planGet(r, 'who'),
        planGet(r, 'when') && S.plan_when + ' ' + planDate(planGet(r, 'when'))].filter(Boolean).join(' · ');
      $('followup-' + r + '-planned').textContent = planned || S.followup_none;
    }
  }
  function planRead(el) {
    if (!state.m) { state.m = []; }
    var slot = planSlot(el.getAttribute('data-f'));
    while (state.m.length <= slot) { state.m.push(''); }
    state.m[slot] = planClean(el);
  }
  function planRestore() {
    planInputs.forEach(function (el) {
      var v = (state.m && state.m[planSlot(el.getAttribute('data-f'))]) || '';
      el.value = v.slice(0, +el.getAttribute('maxlength') || v.length);
      planCount(el, false);
    });
    planSheet();
  }
  planInputs.forEach(function (el) {
    el.addEventListener('input', function () { planRead(el); planCount(el, true); });
    el.addEventListener('change', function () { planRead(el); planSheet(); save(); });
  });
  function planDownload() {
    var text = planDoc().map(function (x) { return x[0] === 'p' ? x[1] : '\n' + x[1]; }).join('\n').replace(/^\n/, '') + '\n';
    var a = document.createElement('a'), url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    a.href = url; a.download = S.plan_file; document.body.appendChild(a); a.click(); a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }
  if (planEl) {
    $('plan-print').addEventListener('click', function () { planSheet(); window.print(); });
    $('plan-download').addEventListener('click', planDownload);
  }

  /* ---- start ---- */
  port.start();
  var resumed = resume();
  planRestore();
  var bookmark = lessonIds.indexOf(port.get('location'));
  if (pager) { pager.hidden = false; }
  show(resumed ? state.cur : (bookmark >= 0 ? bookmark : 0), resumed ? 'heading' : false);
})();
