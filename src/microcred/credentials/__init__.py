"""Verifiable credentials: Open Badges 3.0 / VC 2.0 documents signed with Data Integrity ``eddsa-rdfc-2022``.

The cryptographic core is plain Python and imports nothing of Django: ``context_library`` (bundled JSON-LD
contexts), ``canonicalization``, ``nquads`` and ``blank_node_ties`` (RDFC-1.0), ``multikey`` and ``keys``
(Ed25519, ``did:key``), ``data_integrity`` (proofs), ``status_list`` (Bitstring Status List), and ``cohort``
with ``quad_template`` (the cohort signer's fast path).
"""
