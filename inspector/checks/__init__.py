"""Check functions: pure judgements of SiteArtifacts, one module per artifact family.

Each function has the signature ``name(site: SiteArtifacts, params: SomeParams) -> list[CheckResult]``
and is referenced from a rule file as ``check = "inspector.checks.<module>:<name>"`` (see rules/README.md).
Checks never do I/O and never read the clock (use ``site.as_of``).
"""
