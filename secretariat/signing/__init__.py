"""The signing core of the depositary: keys, certified copies, PAdES signatures, verification.

A plain package, not a Django app: only ``keys.configured_signer`` and
``keys.configured_trust_roots`` read ``django.conf.settings``; everything else takes its
inputs as arguments. See docs/depositary.md, "Signing and verification".
"""
