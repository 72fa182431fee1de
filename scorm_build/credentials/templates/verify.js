/* Checks an Open Badges 3.0 VC-JWT against the pinned issuer key, its dates and the status list. */
(function () {
  'use strict';
  var C = JSON.parse(document.getElementById('config').textContent);
  var $ = function (id) { return document.getElementById(id); };
  var listToken = C.statusList;

  function b64u(s) {
    if (!/^[A-Za-z0-9_-]*$/.test(s)) { throw new Error('base64url'); }
    s = s.replace(/-/g, '+').replace(/_/g, '/');
    while (s.length % 4) { s += '='; }
    var bin = atob(s), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { out[i] = bin.charCodeAt(i); }
    return out;
  }
  function utf8(bytes) { return new TextDecoder('utf-8', { fatal: true }).decode(bytes); }
  function parse(token) {
    var parts = token.trim().split('.');
    if (parts.length !== 3) { throw new Error('shape'); }
    return { header: JSON.parse(utf8(b64u(parts[0]))), payload: JSON.parse(utf8(b64u(parts[1]))),
             signed: new TextEncoder().encode(parts[0] + '.' + parts[1]), sig: b64u(parts[2]) };
  }
  function issuerId(p) { return p && typeof p.issuer === 'object' && p.issuer ? p.issuer.id : p && p.issuer; }
  var keyPromise = crypto.subtle.importKey('jwk', C.jwk, { name: 'Ed25519' }, false, ['verify']);
  function verifySig(jws) {
    if (jws.header.alg !== 'EdDSA') { return Promise.resolve(false); }
    return keyPromise.then(function (key) { return crypto.subtle.verify({ name: 'Ed25519' }, key, jws.sig, jws.signed); });
  }
  function gunzip(bytes) {
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).arrayBuffer().then(function (b) { return new Uint8Array(b); });
  }
  function b64uEncode(bytes) {
    var bin = '';
    for (var i = 0; i < bytes.length; i++) { bin += String.fromCharCode(bytes[i]); }
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  /* The QR code's compact form: deflated 'header JSON \n payload JSON', then the signature. */
  function unpack(packed) {
    var parts = packed.split('.');
    var stream = new Blob([b64u(parts[0])]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    return new Response(stream).arrayBuffer().then(function (b) {
      var bytes = new Uint8Array(b), nl = bytes.indexOf(10);
      return b64uEncode(bytes.subarray(0, nl)) + '.' + b64uEncode(bytes.subarray(nl + 1)) + '.' + parts[1];
    });
  }
  function hex(buf) { return Array.prototype.map.call(new Uint8Array(buf), function (b) { return ('0' + b.toString(16)).slice(-2); }).join(''); }
  function fmtDate(s) { var d = new Date(s); return isNaN(d) ? s : d.toLocaleDateString('nl-NL', { year: 'numeric', month: 'long', day: 'numeric' }); }

  /* Each check resolves to null (fine) or a plain Dutch reason with a stable code. */
  function checkStatus(p) {
    var st = p.credentialStatus;
    if (!st) { return Promise.resolve(null); }
    if (!listToken) { return Promise.resolve({ code: 'status-unknown', text: 'De intrekkingslijst ontbreekt. Kies hieronder het bestand revocation.jwt van de uitgever.' }); }
    var list;
    try { list = parse(listToken); } catch (e) { return Promise.resolve({ code: 'status-unknown', text: 'De intrekkingslijst is onleesbaar.' }); }
    return verifySig(list).then(function (ok) {
      if (!ok || issuerId(list.payload) !== C.issuer) { return { code: 'status-unknown', text: 'De intrekkingslijst is niet van deze uitgever of is gewijzigd.' }; }
      if (list.payload.id !== st.statusListCredential) { return { code: 'status-unknown', text: 'Deze intrekkingslijst hoort niet bij dit certificaat.' }; }
      var enc = list.payload.credentialSubject && list.payload.credentialSubject.encodedList;
      return gunzip(b64u(String(enc).replace(/^u/, ''))).then(function (bits) {
        var i = parseInt(st.statusListIndex, 10);
        if (!(i >= 0) || (i >> 3) >= bits.length) { return { code: 'status-unknown', text: 'De plaats in de intrekkingslijst bestaat niet.' }; }
        return (bits[i >> 3] & (0x80 >> (i % 8))) ? { code: 'revoked', text: 'Ingetrokken: de uitgever heeft dit certificaat ingetrokken.' } : null;
      });
    }).catch(function () { return { code: 'status-unknown', text: 'De intrekkingslijst is onleesbaar.' }; });
  }
  function checkEmail(p) {
    var mail = $('email').value.trim().toLowerCase();
    if (!mail) { return Promise.resolve(null); }
    var ids = (p.credentialSubject && p.credentialSubject.identifier) || [];
    var id = ids.filter(function (x) { return x.identityType === 'emailAddress'; })[0];
    if (!id) { return Promise.resolve({ code: 'holder', text: 'Dit certificaat noemt geen e-mailadres.' }); }
    return crypto.subtle.digest('SHA-256', new TextEncoder().encode(mail + (id.salt || ''))).then(function (h) {
      return ('sha256$' + hex(h)) === String(id.identityHash).toLowerCase() ? null
        : { code: 'holder', text: 'Het e-mailadres hoort niet bij dit certificaat.' };
    });
  }

  function check(token) {
    var jws;
    try { jws = parse(token); } catch (e) { return Promise.resolve({ ok: false, code: 'unreadable', reasons: ['Dit is geen certificaat dat deze pagina kan lezen: de code is onvolledig of beschadigd.'] }); }
    var p = jws.payload;
    return verifySig(jws).catch(function () { return false; }).then(function (sigOk) {
      if (!sigOk) {
        var other = issuerId(p) !== C.issuer || (jws.header.kid && jws.header.kid.split('#')[0] !== C.issuer);
        return other
          ? { ok: false, code: 'other-issuer', reasons: ['Andere uitgever: dit certificaat is niet uitgegeven door ' + C.name + '.'] }
          : { ok: false, code: 'tampered', reasons: ['Gewijzigd: de inhoud klopt niet meer met de handtekening van ' + C.name + '. Iemand heeft het certificaat veranderd.'] };
      }
      if (issuerId(p) !== C.issuer) { return { ok: false, code: 'other-issuer', reasons: ['Andere uitgever: dit certificaat noemt een andere uitgever.'] }; }
      var reasons = [], code = 'valid', now = Date.now();
      var from = Date.parse(p.validFrom), until = p.validUntil ? Date.parse(p.validUntil) : null;
      if (isNaN(from) || from > now + 300000) { reasons.push('Nog niet geldig: het certificaat geldt pas vanaf ' + fmtDate(p.validFrom) + '.'); code = 'not-yet-valid'; }
      if (until !== null && (isNaN(until) || until < now - 300000)) { reasons.push('Verlopen: het certificaat was geldig tot ' + fmtDate(p.validUntil) + '.'); code = 'expired'; }
      return Promise.all([checkStatus(p), checkEmail(p)]).then(function (rs) {
        rs.forEach(function (r) { if (r) { reasons.push(r.text); if (code === 'valid') { code = r.code; } } });
        return { ok: reasons.length === 0, code: code, reasons: reasons, payload: p };
      });
    });
  }

  function show(res) {
    var out = $('result'), p = res.payload;
    out.hidden = false;
    out.setAttribute('data-code', res.code);
    out.className = res.ok ? 'ok' : 'bad';
    $('verdict').textContent = res.ok ? 'Dit certificaat is echt en geldig.' : 'Dit certificaat is niet geldig.';
    var ul = $('reasons'); ul.textContent = '';
    res.reasons.forEach(function (r) { var li = document.createElement('li'); li.textContent = r; ul.appendChild(li); });
    var dl = $('details'); dl.textContent = '';
    if (p) {
      var s = p.credentialSubject || {}, a = s.achievement || {};
      [['Module', a.name], ['Certificaat', p.name], ['Uitgever', p.issuer && p.issuer.name], ['Uitgegeven op', fmtDate(p.validFrom)],
       ['Geldig tot', p.validUntil ? fmtDate(p.validUntil) : 'onbeperkt'], ['Kenmerk', p.id]].forEach(function (row) {
        var dt = document.createElement('dt'), dd = document.createElement('dd');
        dt.textContent = row[0]; dd.textContent = row[1] || ''; dl.appendChild(dt); dl.appendChild(dd);
      });
    }
    out.focus();
  }
  function run() { var t = $('token').value; if (t.trim()) { check(t).then(show); } }
  $('form').addEventListener('submit', function (e) { e.preventDefault(); run(); });
  $('list').addEventListener('change', function () {
    var f = $('list').files[0];
    if (!f) { return; }
    f.text().then(function (t) { listToken = t.trim(); $('list-state').textContent = 'Intrekkingslijst geladen: ' + f.name + '.'; run(); });
  });
  window.verifyCredential = check;
  var m = /[#&]vc=([A-Za-z0-9_.-]+)/.exec(location.hash), z = /[#&]vcz=([A-Za-z0-9_.-]+)/.exec(location.hash);
  if (m) { $('token').value = m[1]; run(); }
  if (z) {
    unpack(z[1]).then(function (t) { $('token').value = t; run(); })
      .catch(function () { show({ ok: false, code: 'unreadable', reasons: ['De QR-code is onvolledig of beschadigd.'] }); });
  }
}());
