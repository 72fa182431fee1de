/* A local LMS frame (like Adapt's test harness): reads a package's imsmanifest.xml, offers its SCOs
 * in order (prerequisites enforced), and drives each with the real scorm-again runtime.
 * Query: ?pkg=<package folder URL>&v=1.2|2004[&fault=commit|throw|suspend-refuse|suspend-truncate][&name=Last, First][&learner=id]
 *        [&moodle=1]  Hash: #state=<{item id: nested cmi JSON}>
 * moodle=1 adds a test double of Moodle 4.3's mod/scorm on top (see moodleDouble below). */
(function () {
  'use strict';
  var q = new URLSearchParams(location.search);
  var pkg = (q.get('pkg') || '').replace(/\/?$/, '/');
  var version = q.get('v') === '2004' ? '2004' : '1.2';
  var fault = q.get('fault');
  var initial = {};
  if (location.hash.indexOf('#state=') === 0) { initial = JSON.parse(decodeURIComponent(location.hash.slice(7))); }
  var statusKey = version === '1.2' ? 'cmi.core.lesson_status' : 'cmi.success_status';
  var harness = window.harness = { version: version, items: [], results: {}, calls: [], api: null, current: null, terminated: 0 };
  document.getElementById('version').textContent = 'SCORM ' + version;

  function log(text) {
    harness.calls.push(text);
    var li = document.createElement('li'); li.textContent = text; document.getElementById('log').appendChild(li);
  }
  function show(api) {
    var body = document.querySelector('#report tbody'); body.innerHTML = '';
    var flat = flatten(api.renderCMIToJSONObject(), '');
    Object.keys(flat).sort().forEach(function (k) {
      var tr = document.createElement('tr'), a = document.createElement('td'), b = document.createElement('td');
      a.textContent = k; b.textContent = flat[k]; tr.appendChild(a); tr.appendChild(b); body.appendChild(tr);
    });
  }
  function flatten(obj, prefix) {
    var out = {};
    Object.keys(obj || {}).forEach(function (k) {
      var v = obj[k], key = prefix ? prefix + '.' + k : k;
      if (v !== null && typeof v === 'object') { var sub = flatten(v, key); Object.keys(sub).forEach(function (s) { out[s] = sub[s]; }); }
      else if (v !== '' && v !== undefined && v !== null) { out[key] = String(v); }
    });
    return out;
  }
  /* ---- Moodle 4.3 double: how mod/scorm stores what a SCO commits (read in Moodle's source) ----
   * - a commit sends only the elements changed since the last one (scorm_12.js / scorm_13.js CollectData),
   *   the score before the status (the cmi object's property order), one row per element (datamodel.php);
   * - completion ("status passed or completed", any SCO) is computed when a score is stored, and when a
   *   status is stored only if the row did not exist yet (scorm_insert_track tests the old value);
   * - SCORM 1.2: at LMSFinish, "mastery score overrides status" (default yes) rewrites lesson_status from
   *   the manifest's adlcp:masteryscore when a score is set (scorm_12.js StoreData);
   * - after a SCO switch every request goes out as a beacon (request.js): they may arrive in any order;
   *   harness.flush() delivers the queued ones newest first, the worst case;
   * - SCORM 2004: one API object per player page that never resets after Terminate (scorm_13.js): the next
   *   SCO's Initialize fails with 104, or with 103 (API still live, switched to that SCO) when the
   *   previous SCO did not terminate. */
  var moodle = q.get('moodle') === '1';
  var server = harness.server = { tracks: {}, completion: 'incomplete', grade: null, queue: [], beacon: false, sent: {},
    initialised2004: false, terminated2004: false, requests: 0 };
  var STATUS = ['cmi.core.lesson_status', 'cmi.completion_status', 'cmi.success_status'];
  function moodleCollect(item, api) {
    var flat = flatten(api.renderCMIToJSONObject(), ''), last = server.sent[item.id] = server.sent[item.id] || {};
    var keys = Object.keys(flat).filter(function (k) { return last[k] !== flat[k] && !/session_time|_count|_children|^cmi\.(core\.)?(student|learner)_(id|name)$/.test(k); });
    var rank = function (k) { return /^cmi\.(core\.)?score\./.test(k) ? 0 : 1; };
    keys.sort(function (a, b) { return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0); });
    var req = { item: item.id, n: ++server.requests, elements: keys.map(function (k) { last[k] = flat[k]; return [k, flat[k]]; }) };
    if (server.beacon) { server.queue.push(req); } else { moodleDeliver(req); }
  }
  function moodleDeliver(req) {
    var rows = server.tracks[req.item] = server.tracks[req.item] || {};
    req.elements.forEach(function (e) {
      var el = e[0], value = e[1], old = rows[el];
      rows[el] = value;
      if (el === 'cmi.core.score.raw' || el === 'cmi.score.raw') { moodleGrades(); }
      else if (STATUS.indexOf(el) >= 0 && ['completed', 'passed'].indexOf(old === undefined ? value : old) >= 0) { moodleGrades(); }
    });
  }
  function moodleGrades() { /* scorm_update_grades: highest grade, then completion on the rows as stored now */
    var best = null, done = false;
    Object.keys(server.tracks).forEach(function (id) {
      var rows = server.tracks[id], raw = rows['cmi.core.score.raw'] || rows['cmi.score.raw'];
      if (raw !== undefined && raw !== '') { best = Math.max(best === null ? 0 : best, parseFloat(raw)); }
      STATUS.forEach(function (k) { if (rows[k] === 'completed' || rows[k] === 'passed') { done = true; } });
    });
    if (best !== null) { server.grade = best; server.completion = done ? 'complete' : server.completion; }
  }
  harness.flush = function () { var qd = server.queue.splice(0); qd.reverse().forEach(moodleDeliver); return qd.length; };
  harness.stored = function (id) { return server.tracks[id] || {}; };

  harness.flatten = function () { return harness.api ? flatten(harness.api.renderCMIToJSONObject(), '') : {}; };
  function newApi(item) {
    var settings = { autocommit: false, logLevel: 5, lmsCommitUrl: false };
    var api = version === '1.2' ? new window.Scorm12API(settings) : new window.Scorm2004API(settings);
    var state = initial[item.id] || { cmi: {} };
    var name = q.get('name'), id = q.get('learner');
    if (version === '1.2') {
      state.cmi.core = state.cmi.core || {};
      if (name) { state.cmi.core.student_name = name; }
      if (id) { state.cmi.core.student_id = id; }
    } else {
      if (name) { state.cmi.learner_name = name; }
      if (id) { state.cmi.learner_id = id; }
    }
    api.loadFromJSON(state);
    var names = version === '1.2' ? ['LMSInitialize', 'LMSSetValue', 'LMSCommit', 'LMSFinish', 'LMSGetValue', 'LMSGetLastError']
      : ['Initialize', 'SetValue', 'Commit', 'Terminate', 'GetValue', 'GetLastError'];
    var orig = {}, lastError = null, dead = false;
    names.forEach(function (n) { orig[n] = api[n].bind(api); });
    names.slice(0, 4).forEach(function (n) {
      api[n] = function (a, b) {
        if (fault === 'throw' && n === names[1]) { throw new Error('LMS failure'); }
        if (fault === 'commit' && n === names[2]) { log(n + ' -> false (fault)'); return 'false'; }
        if (fault === 'suspend-refuse' && n === names[1] && a === 'cmi.suspend_data') { log(n + ' ' + a + ' -> false (fault)'); return 'false'; }
        if (fault === 'suspend-truncate' && n === names[1] && a === 'cmi.suspend_data') { b = String(b).slice(0, 40); }
        if (moodle && version === '2004' && n === names[0]) { return moodleInitialize2004(); }
        if (dead) { log(n + ' -> false (no API)'); return 'false'; }
        if (moodle && version === '1.2' && n === names[3]) { moodleMastery(); }
        var r = orig[n](a, b);
        log(n + (a !== undefined && a !== '' ? ' ' + a : '') + (b !== undefined ? ' = ' + b : '') + ' -> ' + r);
        if ((n === names[2] || n === names[3]) && r === 'true') { /* what the LMS holds after each commit */
          if (moodle) { moodleCollect(item, api); }
          harness.results[item.id] = flatten(api.renderCMIToJSONObject(), '');
          render();
        }
        if (n === names[3]) { harness.terminated++; server.terminated2004 = version === '2004'; finished(item, api); }
        show(api);
        return r;
      };
    });
    api[names[5]] = function () { return lastError !== null ? lastError : orig[names[5]](); };
    function moodleInitialize2004() {
      if (server.terminated2004) { dead = true; lastError = '104'; log('Initialize -> false (104: terminated)'); return 'false'; }
      var r = orig.Initialize('');
      if (server.initialised2004) { lastError = '103'; log('Initialize -> false (103: already initialised)'); return 'false'; }
      server.initialised2004 = true;
      log('Initialize -> ' + r);
      return r;
    }
    function moodleMastery() {
      var raw = orig.LMSGetValue('cmi.core.score.raw');
      if (item.mastery !== null && raw !== '') {
        orig.LMSSetValue('cmi.core.lesson_status', parseFloat(raw) >= item.mastery ? 'passed' : 'failed');
      }
    }
    return api;
  }
  function finished(item, api) {
    harness.results[item.id] = flatten(api.renderCMIToJSONObject(), '');
    render();
  }
  function done(id) {
    var r = harness.results[id] || (initial[id] ? flatten(initial[id], '') : null); /* stored from an earlier visit */
    if (!r) { return false; }
    var s = version === '1.2' ? r['cmi.core.lesson_status'] : r['cmi.success_status'];
    return s === 'passed' || s === 'completed';
  }
  function launch(item) {
    if (moodle && harness.current) { server.beacon = true; } /* a SCO switch: Moodle sends beacons from now on */
    var api = newApi(item);
    delete window.API; delete window.API_1484_11;
    window[version === '1.2' ? 'API' : 'API_1484_11'] = api;
    harness.api = api; harness.current = item.id;
    document.getElementById('sco').src = pkg + item.href + (item.parameters || '');
  }
  function render() {
    var ol = document.getElementById('scos'); ol.innerHTML = '';
    harness.items.forEach(function (item) {
      var li = document.createElement('li'), b = document.createElement('button');
      b.type = 'button'; b.textContent = item.title; b.id = 'launch-' + item.id;
      b.disabled = !!item.prereq && !done(item.prereq);
      b.addEventListener('click', function () { launch(item); });
      li.appendChild(b);
      if (harness.results[item.id]) { var s = document.createElement('span'); s.textContent = ' ' + harness.results[item.id][statusKey]; li.appendChild(s); }
      ol.appendChild(li);
    });
  }
  fetch(pkg + 'imsmanifest.xml').then(function (r) { return r.text(); }).then(function (text) {
    var doc = new DOMParser().parseFromString(text, 'application/xml');
    var res = {};
    Array.prototype.forEach.call(doc.getElementsByTagNameNS('*', 'resource'), function (r) { res[r.getAttribute('identifier')] = r.getAttribute('href'); });
    document.getElementById('pkg-title').textContent = doc.getElementsByTagNameNS('*', 'organization')[0].getElementsByTagNameNS('*', 'title')[0].textContent;
    Array.prototype.forEach.call(doc.getElementsByTagNameNS('*', 'item'), function (it) {
      var pre = it.getElementsByTagNameNS('*', 'prerequisites')[0], rule = it.getElementsByTagNameNS('*', 'ruleCondition')[0];
      var mastery = it.getElementsByTagNameNS('*', 'masteryscore')[0];
      var prereq = pre ? pre.textContent.trim() : (rule ? 'item-' + rule.getAttribute('referencedObjective').replace(/^prereq-/, '') : null);
      harness.items.push({ id: it.getAttribute('identifier'), title: it.getElementsByTagNameNS('*', 'title')[0].textContent,
        href: res[it.getAttribute('identifierref')], prereq: prereq, parameters: it.getAttribute('parameters'),
        mastery: mastery ? parseFloat(mastery.textContent) : null });
    });
    render();
    harness.ready = true;
    if (harness.items.length === 1 || q.get('autostart')) { launch(harness.items[0]); }
  });
})();
