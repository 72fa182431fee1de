/* A local LMS frame (like Adapt's test harness): reads a package's imsmanifest.xml, offers its SCOs
 * in order (prerequisites enforced), and drives each with the real scorm-again runtime.
 * Query: ?pkg=<package folder URL>&v=1.2|2004[&fault=commit|throw][&name=Last, First][&learner=id]  Hash: #state=<{item id: nested cmi JSON}> */
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
    var names = version === '1.2' ? ['LMSInitialize', 'LMSSetValue', 'LMSCommit', 'LMSFinish'] : ['Initialize', 'SetValue', 'Commit', 'Terminate'];
    names.forEach(function (n) {
      var orig = api[n].bind(api);
      api[n] = function (a, b) {
        if (fault === 'throw' && n === names[1]) { throw new Error('LMS failure'); }
        if (fault === 'commit' && n === names[2]) { log(n + ' -> false (fault)'); return 'false'; }
        var r = orig(a, b);
        log(n + (a !== undefined && a !== '' ? ' ' + a : '') + (b !== undefined ? ' = ' + b : '') + ' -> ' + r);
        if (n === names[3]) { harness.terminated++; finished(item, api); }
        show(api);
        return r;
      };
    });
    return api;
  }
  function finished(item, api) {
    harness.results[item.id] = flatten(api.renderCMIToJSONObject(), '');
    render();
  }
  function done(id) {
    var r = harness.results[id];
    if (!r) { return false; }
    var s = version === '1.2' ? r['cmi.core.lesson_status'] : r['cmi.success_status'];
    return s === 'passed' || s === 'completed';
  }
  function launch(item) {
    var api = newApi(item);
    delete window.API; delete window.API_1484_11;
    window[version === '1.2' ? 'API' : 'API_1484_11'] = api;
    harness.api = api; harness.current = item.id;
    document.getElementById('sco').src = pkg + item.href;
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
      var prereq = pre ? pre.textContent.trim() : (rule ? 'item-' + rule.getAttribute('referencedObjective').replace(/^prereq-/, '') : null);
      harness.items.push({ id: it.getAttribute('identifier'), title: it.getElementsByTagNameNS('*', 'title')[0].textContent,
        href: res[it.getAttribute('identifierref')], prereq: prereq });
    });
    render();
    harness.ready = true;
    if (harness.items.length === 1 || q.get('autostart')) { launch(harness.items[0]); }
  });
})();
