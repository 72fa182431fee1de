"""Issuing and verifying Open Badges 3.0 credentials from LMS results.

One part with the results readers (``scorm_build.results``): it starts from LMS data, never from the
build. Keys (``keys``), the credential (``badge``), its VC-JWT proof (``jwt``), revocation
(``status``), the printable certificate (``certificate``) and the static verifier (``verifier``);
``issue`` ties them together for ``scorm-build certify``.
"""
